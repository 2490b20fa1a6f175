using System.Diagnostics;
using System.Runtime.Versioning;

namespace Vaina.Linux.Namespaces;

/// <summary>
/// Runs a short-lived program that sits in new namespaces (util-linux unshare/nsenter around a sleep), lets
/// the caller use /proc/PID/ns/* while it lives (write maps, bind-mount the namespace file), then ends it. A
/// .NET process cannot enter user namespaces itself (it is multi-threaded).
/// </summary>
[SupportedOSPlatform("linux")]
public static class NamespaceHolder
{
    /// <summary>Starts <paramref name="command"/>, waits until its <paramref name="type"/> namespace differs from ours, calls <paramref name="use"/> with its pid.</summary>
    public static void Run(IReadOnlyList<string> command, string type, Action<int> use)
    {
        string program = ExecutableLocator.Find(command[0]) ?? throw new VainaException($"{command[0]} not found: install util-linux");
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true };
        foreach (string a in command.Skip(1))
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info) ?? throw new VainaException($"cannot run {program}");
        try
        {
            string own = NamespaceFiles.SelfIdentity(type) ?? string.Empty;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (NamespaceFiles.Identity(process.Id, type) is not { } theirs || theirs == own || (type == "net" && !ChildRuns(process.Id)))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    string error = process.HasExited ? process.StandardError.ReadToEnd().Trim() : "timed out";
                    throw new VainaException($"creating a {type} namespace: {error}");
                }

                Thread.Sleep(1);
            }

            use(process.Id);
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

    /// <summary>nsenter execs unshare which execs sleep: the namespaces are final once the program is sleep.</summary>
    private static bool ChildRuns(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "sleep";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
