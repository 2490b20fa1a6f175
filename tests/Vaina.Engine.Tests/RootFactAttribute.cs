namespace Vaina.Engine.Tests;

/// <summary>A fact that needs root (mounts, chown, runc); skipped otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root")
        {
            Skip = "needs root";
        }
    }
}
