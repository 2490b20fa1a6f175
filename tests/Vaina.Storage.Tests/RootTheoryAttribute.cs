namespace Vaina.Storage.Tests;

/// <summary>A theory that needs root; skipped otherwise.</summary>
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        if (!TempStore.IsRoot)
        {
            Skip = "needs root";
        }
    }
}
