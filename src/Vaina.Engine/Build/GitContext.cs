using System.Diagnostics;
using Vaina.Runtime;

namespace Vaina.Engine.Build;

/// <summary>
/// A build context in a git repository, as buildah takes it: <c>git://...</c>, <c>github.com/...</c>, or an
/// http(s) URL ending in <c>.git</c>, optionally followed by <c>#ref</c> or <c>#ref:subdir</c>. It is cloned with git(1)
/// (<c>git clone --recurse-submodules [-b ref]</c>) into a temporary directory.
/// </summary>
public static class GitContext
{
    public static bool IsGitUrl(string given)
    {
        string noFragment = given.Split('#', 2)[0];
        return given.StartsWith("git://", StringComparison.Ordinal)
            || given.StartsWith("github.com/", StringComparison.Ordinal)
            || (noFragment.EndsWith(".git", StringComparison.Ordinal)
                && (given.StartsWith("http://", StringComparison.Ordinal) || given.StartsWith("https://", StringComparison.Ordinal)));
    }

    /// <summary>Clones <paramref name="given"/> below <paramref name="temp"/>; returns the context directory (the subdir when one is named).</summary>
    public static async Task<string> CloneAsync(string given, string temp, CancellationToken ct)
    {
        string url = given.StartsWith("github.com/", StringComparison.Ordinal) ? "https://" + given : given;
        string? reference = null;
        string subdir = ".";
        int hash = url.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            string fragment = url[(hash + 1)..];
            url = url[..hash];
            int colon = fragment.IndexOf(':', StringComparison.Ordinal);
            reference = colon < 0 ? fragment : fragment[..colon];
            if (colon >= 0 && fragment[(colon + 1)..].Length > 0)
            {
                subdir = fragment[(colon + 1)..];
            }
        }

        Directory.CreateDirectory(temp);
        string clone = Path.Combine(temp, "git");
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("clone");
        start.ArgumentList.Add("--recurse-submodules");
        if (!string.IsNullOrEmpty(reference))
        {
            start.ArgumentList.Add("-b");
            start.ArgumentList.Add(reference);
        }

        start.ArgumentList.Add(url);
        start.ArgumentList.Add(clone);
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        Process process;
        try
        {
            lock (ProcessSpawnLock.Gate)
            {
                process = Process.Start(start) ?? throw new VainaException("git did not start");
            }
        }
        catch (global::System.ComponentModel.Win32Exception e)
        {
            throw new VainaException($"cloning \"{given}\" to \"{clone}\": git: {e.Message}", inner: e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            string output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new VainaException($"cloning \"{given}\" to \"{clone}\":\n{output}: exit status {process.ExitCode}");
            }
        }

        string context = Path.GetFullPath(Path.Combine(clone, subdir));
        if (!context.StartsWith(clone, StringComparison.Ordinal) || !Directory.Exists(context))
        {
            throw new VainaException($"context must be a directory: \"{given}\"");
        }

        return context;
    }
}
