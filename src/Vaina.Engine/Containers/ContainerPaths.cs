namespace Vaina.Engine.Containers;

/// <summary>
/// Where a container's files live. Under the run root (gone after a reboot): the bundle with config.json, the
/// attach socket, ctl fifo, pid files and the generated /etc files, the exit file, the lock. Under the graph
/// root (kept): the static dir with the k8s-file log.
/// </summary>
public sealed class ContainerPaths
{
    public ContainerPaths(string graphRoot, string runRoot, string id)
    {
        Id = id;
        RunRoot = runRoot;
        Bundle = Path.Combine(runRoot, "containers", id);
        ExitDir = Path.Combine(runRoot, "exits");
        ExitFile = Path.Combine(ExitDir, id);
        LockFile = Path.Combine(runRoot, "locks", id);
        StaticDir = Path.Combine(graphRoot, "containers", id);
    }

    public string Id { get; }

    public string RunRoot { get; }

    public string Bundle { get; }

    public string ConfigJson => Path.Combine(Bundle, "config.json");

    public string PidFile => Path.Combine(Bundle, "pidfile");

    public string ConmonPidFile => Path.Combine(Bundle, "conmon.pid");

    public string AttachSocket => Path.Combine(Bundle, "attach");

    public string ExecDir => Path.Combine(Bundle, "exec");

    public string ExitDir { get; }

    public string ExitFile { get; }

    public string LockFile { get; }

    public string StaticDir { get; }

    public string DefaultLogPath => Path.Combine(StaticDir, "ctr.log");
}
