namespace Vaina.Images.Pull;

/// <summary><c>--pull</c> / <c>--policy</c>: always, missing (default), never, newer.</summary>
public enum PullPolicy
{
    Missing,
    Always,
    Never,
    Newer,
}
