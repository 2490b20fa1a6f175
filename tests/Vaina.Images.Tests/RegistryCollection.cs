namespace Vaina.Images.Tests;

[CollectionDefinition("registry")]
public class RegistryCollection : ICollectionFixture<FixtureRegistry>
{
}
