namespace Vaina.Rootless.Tests;

/// <summary>A test user prepared by tests/rootless/setup-users.sh.</summary>
public sealed record RootlessUser(string Name, uint Uid, string Home, string RuntimeDir)
{
    public string DataDirectory => Path.Combine(Home, ".local", "share", "vaina");

    public string StateDirectory => Path.Combine(RuntimeDir, "vaina");

    public string PausePidFile => Path.Combine(StateDirectory, "pause.pid");

    /// <summary>The pid in the pause pid file, or null when there is none.</summary>
    public int? PausePid => File.Exists(PausePidFile) && int.TryParse(File.ReadAllText(PausePidFile).Trim(), out var pid) ? pid : null;
}
