namespace Vaina.Vm.Tests;

/// <summary>Every test class here shares one boot of the guest.</summary>
[CollectionDefinition(Name)]
public sealed class VmCollection : ICollectionFixture<VmGuest>
{
    public const string Name = "qemu guest";
}
