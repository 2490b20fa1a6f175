using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;

namespace Vaina.Linux.Namespaces;

/// <summary>
/// An open file descriptor of a new user namespace with given maps, the "idmap" an idmapped mount needs. A
/// .NET process cannot unshare a user namespace itself (it is multi-threaded), so util-linux's unshare makes
/// one around a short-lived sleep; this process writes its maps (allowed to the parent namespace's
/// CAP_SETUID holder), opens /proc/PID/ns/user and ends the sleep: the descriptor keeps the namespace alive.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MappedUserNamespace : IDisposable
{
    private MappedUserNamespace(int fd) => Fd = fd;

    public int Fd { get; private set; }

    public static MappedUserNamespace Create(IReadOnlyList<IdMapping> uids, IReadOnlyList<IdMapping> gids)
    {
        string unshare = ExecutableLocator.Find("unshare") ?? throw new VainaException("unshare not found: install util-linux");
        var info = new ProcessStartInfo(unshare) { UseShellExecute = false };
        foreach (string a in new[] { "--user", "--", "sleep", "60" })
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info) ?? throw new VainaException("cannot run unshare");
        try
        {
            string own = NamespaceFiles.SelfIdentity("user") ?? string.Empty;
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (NamespaceFiles.Identity(process.Id, "user") is not { } theirs || theirs == own)
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new VainaException("creating a user namespace for the id mapping failed");
                }

                Thread.Sleep(1);
            }

            string proc = "/proc/" + process.Id.ToString(CultureInfo.InvariantCulture);
            File.WriteAllText(proc + "/uid_map", Format(uids));
            File.WriteAllText(proc + "/gid_map", Format(gids));
            return new MappedUserNamespace(Interop.Open(proc + "/ns/user", Interop.OpenReadOnly | Interop.OpenCloseOnExec, 0));
        }
        finally
        {
            try
            {
                process.Kill();
                process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    /// <summary>
    /// Makes a user namespace with the given maps and keeps it alive as a bind mount on the file
    /// <paramref name="path"/> (created), for a runtime to join and for namespaces to be made inside it.
    /// </summary>
    public static void CreateFile(IReadOnlyList<IdMapping> uids, IReadOnlyList<IdMapping> gids, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (File.Create(path))
        {
        }

        try
        {
            NamespaceHolder.Run(["unshare", "--user", "--", "sleep", "60"], "user", pid =>
            {
                string proc = "/proc/" + pid.ToString(CultureInfo.InvariantCulture);
                File.WriteAllText(proc + "/uid_map", Format(uids));
                File.WriteAllText(proc + "/gid_map", Format(gids));
                Interop.Mount(proc + "/ns/user", path, null, 4096, null);
            });
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Unmounts and deletes a file made by <see cref="CreateFile"/>; idempotent.</summary>
    public static void RemoveFile(string path)
    {
        Interop.Umount2(path, Interop.UnmountDetach);
        File.Delete(path);
    }

    /// <summary>Text for /proc/PID/uid_map ("inside outside count" lines).</summary>
    public static string Format(IReadOnlyList<IdMapping> mappings)
        => string.Concat(mappings.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.ContainerId} {m.HostId} {m.Size}\n")));

    public void Dispose()
    {
        if (Fd >= 0)
        {
            Interop.Close(Fd);
            Fd = -1;
        }
    }
}
