namespace Vaina.Build.Instructions;

public enum RunMountType
{
    Bind,
    Cache,
    Tmpfs,
    Secret,
    Ssh,
}
