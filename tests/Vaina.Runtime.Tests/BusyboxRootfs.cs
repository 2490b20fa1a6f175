using System.Diagnostics;

namespace Vaina.Runtime.Tests;

/// <summary>A minimal rootfs: static busybox with its applets as symlinks, plus passwd/group with a test user.</summary>
public static class BusyboxRootfs
{
    public static string Create(string directory)
    {
        string bin = Path.Combine(directory, "bin");
        Directory.CreateDirectory(bin);
        foreach (string d in new[] { "etc", "tmp", "root", "home/tester", "proc", "sys", "dev", "run", "var/tmp", "usr/bin" })
        {
            Directory.CreateDirectory(Path.Combine(directory, d));
        }

        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"), overwrite: true);
        var psi = new ProcessStartInfo("/bin/busybox", "--list") { RedirectStandardOutput = true, UseShellExecute = false };
        using (Process p = Process.Start(psi)!)
        {
            foreach (string applet in p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string link = Path.Combine(bin, applet);
                if (applet != "busybox" && !File.Exists(link))
                {
                    File.CreateSymbolicLink(link, "busybox");
                }
            }

            p.WaitForExit();
        }

        File.WriteAllText(Path.Combine(directory, "etc/passwd"),
            "root:x:0:0:root:/root:/bin/sh\ntester:x:1000:1000:Test User:/home/tester:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        File.WriteAllText(Path.Combine(directory, "etc/group"),
            "root:x:0:\nwheel:x:10:tester\naudio:x:29:tester,other\ntester:x:1000:\nnogroup:x:65534:\n");
        File.WriteAllText(Path.Combine(directory, "etc/notexec.sh"), "#!/bin/sh\necho never\n");
        File.SetUnixFileMode(Path.Combine(directory, "etc/notexec.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return directory;
    }
}
