namespace Vaina.Build.Instructions;

/// <summary>How concurrent builds share a <c>type=cache</c> mount.</summary>
public enum CacheSharing
{
    Shared,
    Private,
    Locked,
}
