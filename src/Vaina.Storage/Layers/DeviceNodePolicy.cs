namespace Vaina.Storage.Layers;

/// <summary>What to do with character and block device entries of a layer.</summary>
public enum DeviceNodePolicy
{
    /// <summary>mknod them (needs CAP_MKNOD).</summary>
    Create,

    /// <summary>Leave them out quietly, as Docker/Podman do in a user namespace.</summary>
    Skip,

    /// <summary>Fail the layer.</summary>
    Reject,
}
