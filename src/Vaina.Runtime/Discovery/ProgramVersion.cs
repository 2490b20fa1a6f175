using System.Diagnostics;

namespace Vaina.Runtime.Discovery;

/// <summary>Runs `PROGRAM --version` and returns its output (Podman joins conmon's first two lines with ", ").</summary>
public static class ProgramVersion
{
    public static string Read(string path, bool joinLines = false)
    {
        try
        {
            var psi = new ProcessStartInfo(path, "--version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            string output;
            lock (ProcessSpawnLock.Gate)
            {
                using Process p = Process.Start(psi)!;
                output = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
            }

            output = output.TrimEnd('\n');
            if (joinLines)
            {
                int nl = output.IndexOf('\n', StringComparison.Ordinal);
                if (nl >= 0)
                {
                    output = output[..nl] + ", " + output[(nl + 1)..];
                }
            }

            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}
