using Vaina.Linux;

namespace Vaina.Engine.Files;

/// <summary>
/// A directory held open by an O_PATH fd. <see cref="Child"/> is <c>/proc/self/fd/N/NAME</c>: the kernel starts
/// at the pinned directory, so only NAME is looked up, and the *at-style calls used on it do not follow it.
/// </summary>
public sealed class PinnedDirectory : IDisposable
{
    private readonly int fd;

    internal PinnedDirectory(int fd, string relative)
    {
        this.fd = fd;
        Relative = relative;
    }

    /// <summary>The directory's path relative to the root it was opened from.</summary>
    public string Relative { get; }

    public string Path => InRootDirectory.ProcPath(fd);

    /// <summary>A path naming the entry <paramref name="name"/> (one component) of this directory.</summary>
    public string Child(string name)
        => name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name is "." or ".."
            ? throw new VainaException($"invalid file name \"{name}\"")
            : Path + "/" + name;

    /// <summary>openat of one entry, refusing symlinks and anything outside this directory.</summary>
    public Microsoft.Win32.SafeHandles.SafeFileHandle OpenChild(string name, int flags, uint mode)
    {
        Child(name);
        int opened = Interop.Openat2(fd, name, flags | Interop.OpenNoFollow | Interop.OpenCloseOnExec, mode, Interop.ResolveBeneath | Interop.ResolveNoSymlinks | Interop.ResolveNoMagicLinks, throwOnError: false);
        return opened >= 0 ? new Microsoft.Win32.SafeHandles.SafeFileHandle(opened, ownsHandle: true) : throw new LinuxException("open", global::System.IO.Path.Combine("/" + Relative, name), -opened);
    }

    /// <summary>
    /// An unnamed regular file in this directory (O_TMPFILE, mode 0600) that <see cref="Link"/> names once it is
    /// complete; null when the filesystem cannot make one.
    /// </summary>
    public Microsoft.Win32.SafeHandles.SafeFileHandle? CreateAnonymousFile()
    {
        const int tmpFile = 0x410000, notSupported = 95, isDirectory = 21, invalid = 22;
        int opened = Interop.Openat2(fd, ".", tmpFile | Interop.OpenReadWrite | Interop.OpenCloseOnExec, 0x180, 0, throwOnError: false);
        return opened >= 0 ? new Microsoft.Win32.SafeHandles.SafeFileHandle(opened, ownsHandle: true)
            : -opened is notSupported or isDirectory or invalid ? null
            : throw new LinuxException("open", "/" + Relative, -opened);
    }

    /// <summary>Names a file of <see cref="CreateAnonymousFile"/> <paramref name="name"/> here; 0 or the errno (EEXIST: taken).</summary>
    public int Link(Microsoft.Win32.SafeHandles.SafeFileHandle file, string name)
    {
        Child(name);
        return Interop.LinkAnonymousFile((int)file.DangerousGetHandle(), fd, name);
    }

    public void Dispose() => Interop.Close(fd);
}
