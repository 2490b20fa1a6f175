namespace Vaina.Cli.Tests;

/// <summary>Image tests share one start of the fixture registries.</summary>
[CollectionDefinition(Name)]
public sealed class ImageRegistryCollection : ICollectionFixture<FixtureRegistry>
{
    public const string Name = "image registry";
}
