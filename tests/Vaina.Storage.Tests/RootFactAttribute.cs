namespace Vaina.Storage.Tests;

/// <summary>A fact that needs root (device nodes, ownership, trusted.* xattrs, overlay mounts); skipped otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!TempStore.IsRoot)
        {
            Skip = "needs root";
        }
    }
}
