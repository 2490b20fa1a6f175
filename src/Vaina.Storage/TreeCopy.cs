using System.Diagnostics;

namespace Vaina.Storage;

/// <summary>
/// Copies a directory tree exactly (ownership, modes, xattrs, hard links, devices, reflinks where the
/// filesystem can) with coreutils' cp -a, which does all of it correctly and fast.
/// </summary>
public static class TreeCopy
{
    /// <summary>Copies the contents of <paramref name="source"/> into the existing directory <paramref name="destination"/>.</summary>
    public static void CopyContents(string source, string destination, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo("cp")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-a");
        info.ArgumentList.Add("--reflink=auto");
        info.ArgumentList.Add("--no-target-directory");
        info.ArgumentList.Add(source);
        info.ArgumentList.Add(destination);
        using Process process = Process.Start(info) ?? throw new VainaException("cannot run cp");
        using CancellationTokenRegistration registration = cancellationToken.Register(() =>
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
            }
        });
        Task<string> error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            throw new VainaException($"copying {source} to {destination}: {error.Result.Trim()}");
        }
    }
}
