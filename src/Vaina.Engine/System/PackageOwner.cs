using System.Diagnostics;

namespace Vaina.Engine.System;

/// <summary>The Debian package that ships a file, as `podman info` shows it ("conmon_2.1.6+ds1-1_amd64").</summary>
public static class PackageOwner
{
    public static string Describe(string path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists("/usr/bin/dpkg-query"))
        {
            return string.Empty;
        }

        var owner = Query("-S", ResolveLinks(path));
        var colon = owner.IndexOf(':');
        if (colon <= 0)
        {
            return string.Empty;
        }

        var package = owner[..colon].Trim();
        return Query("-W", "-f", "${Package}_${Version}_${Architecture}", package);
    }

    private static string ResolveLinks(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static string Query(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/dpkg-query")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start);
        if (process is null)
        {
            return string.Empty;
        }

        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Split('\n')[0].Trim() : string.Empty;
    }
}
