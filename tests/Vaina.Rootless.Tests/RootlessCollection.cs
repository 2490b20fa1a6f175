namespace Vaina.Rootless.Tests;

/// <summary>One pause process per user: the tests that start, join and stop it run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RootlessCollection : ICollectionFixture<RootlessMachine>
{
    public const string Name = "rootless";
}
