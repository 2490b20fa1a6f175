using System.CommandLine;
using System.Runtime.InteropServices;
using Vaina.Cli.Parsing;
using Vaina.Engine;
using Vaina.Engine.Containers;

namespace Vaina.Cli.Commands.Container;

/// <summary>`run` / `container run`: create, start, attach (or -d), and exit with the container's code.</summary>
internal static class RunCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("run", "Run a command in a new container", "[options] IMAGE [COMMAND [ARG...]]");
        var flags = new CreateFlags();
        flags.AddTo(command);
        var detach = Flags.Bool("--detach", "d", "Run container in background and print container ID");
        var attach = Flags.StringArray("--attach", "a", "Attach to STDIN, STDOUT or STDERR");
        var sigProxy = Flags.Bool("--sig-proxy", null, "Proxy received signals to the process", true);
        var detachKeys = Flags.String("--detach-keys", null, "Override the key sequence for detaching a container. Format is a single character [a-Z] or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-cf`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`", "ctrl-p,ctrl-q");
        var passwd = Flags.Bool("--passwd", null, "add entries to /etc/passwd and /etc/group", true);
        var preserveFds = Flags.Int("--preserve-fds", null, "Pass a number of additional file descriptors into the container", 0, "uint");
        var rmi = Flags.Bool("--rmi", null, "Remove container image unless used by other containers");
        command.AddAll(detach, attach, sigProxy, detachKeys, passwd, preserveFds, rmi);
        command.SetAction(async (result, ct) =>
        {
            // Podman's run checks these before anything else.
            if (result.GetValue(flags.AuthFile) is { Length: > 0 } authFile && !File.Exists(authFile) && !Directory.Exists(authFile))
            {
                throw new VainaException($"stat {authFile}: no such file or directory");
            }

            var fds = (uint)Math.Max(0, result.GetValue(preserveFds) ?? 0);
            ContainerService.CheckPreservedFds(fds);
            using var engine = context.CreateEngine(result);
            var request = flags.ToRequest(result, Environment.GetCommandLineArgs().Select((a, i) => i == 0 ? context.ProgramName : a).ToList(), context.Error);
            request.Config.Passwd = result.GetValue(passwd);
            request.Config.PreserveFds = fds;
            var cidFile = result.GetValue(flags.CidFile);
            CheckCidFile(cidFile);
            var containers = engine.Containers;
            var record = await containers.CreateAsync(request, ct);
            WriteCidFile(cidFile, record.Id);
            if (result.GetValue(detach))
            {
                try
                {
                    await containers.StartAsync(record.Id, attach: false, ct);
                }
                catch (VainaException)
                {
                    await RemoveIfAutoRemoveAsync(containers, record, ct);
                    throw;
                }

                context.Out.WriteLine(record.Id);
                return 0;
            }

            var streams = result.GetValue(attach) ?? [];
            var session = await StartAttachedAsync(containers, record, streams, result.GetValue(detachKeys), ct);
            var code = await FinishAttachedAsync(context, containers, record, session, result.GetValue(sigProxy), ct);
            if (result.GetValue(rmi) && !session.Session.Detached)
            {
                // Podman 4.3.1 removes the image after an attached run (a detached one keeps it); an image other
                // containers still use stays, with Podman's logged error.
                foreach (var message in await containers.RemoveImageAfterRunAsync(record, ct))
                {
                    context.Error.WriteLine($"time=\"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\" level=error msg=\"{message}\"");
                }
            }

            return code;
        });
        return command;
    }

    internal static async Task<(AttachedSession Session, ContainerRecord Record)> StartAttachedAsync(ContainerService containers, ContainerRecord record, IReadOnlyList<string> streams, string? detachKeys, CancellationToken ct)
    {
        foreach (var s in streams)
        {
            if (s.ToLowerInvariant() is not ("stdin" or "stdout" or "stderr"))
            {
                throw new VainaException($"invalid stream \"{s}\" for --attach - must be one of stdin, stdout, or stderr: invalid argument");
            }
        }

        bool Wants(string name) => streams.Count == 0 || streams.Any(s => s.Equals(name, StringComparison.OrdinalIgnoreCase));
        try
        {
            var (started, connection) = await containers.StartAsync(record.Id, attach: true, ct);
            var session = new AttachedSession(connection!, containers.PathsFor(record.Id).Bundle)
            {
                Stdin = record.Config.Interactive && Wants("stdin"),
                Stdout = Wants("stdout"),
                Stderr = Wants("stderr"),
                Tty = record.Config.Tty,
                DetachKeys = AttachedSession.ParseDetachKeys(detachKeys ?? "ctrl-p,ctrl-q"),
            };
            return (session, started);
        }
        catch (VainaException)
        {
            await RemoveIfAutoRemoveAsync(containers, record, ct);
            throw;
        }
    }

    internal static async Task<int> FinishAttachedAsync(CliContext context, ContainerService containers, ContainerRecord record, (AttachedSession Session, ContainerRecord Record) attached, bool sigProxy, CancellationToken ct)
    {
        var registrations = new List<PosixSignalRegistration>();
        if (sigProxy && !record.Config.Tty)
        {
            foreach (var (signal, name) in new[] { (PosixSignal.SIGINT, "SIGINT"), (PosixSignal.SIGTERM, "SIGTERM"), (PosixSignal.SIGHUP, "SIGHUP"), (PosixSignal.SIGQUIT, "SIGQUIT") })
            {
                registrations.Add(PosixSignalRegistration.Create(signal, c =>
                {
                    c.Cancel = true;
                    try
                    {
                        containers.RuntimeFor(record).KillAsync(record.Id, name).GetAwaiter().GetResult();
                    }
                    catch (VainaException)
                    {
                    }
                }));
            }
        }

        try
        {
            context.Out.Flush();
            await attached.Session.RunAsync(ct);
            if (attached.Session.Detached)
            {
                return 0;
            }

            var code = await containers.WaitForExitAsync(record.Id, ct, cleanupFollows: true);
            await containers.CleanupAsync(record.Id, ct);
            return code;
        }
        finally
        {
            foreach (var r in registrations)
            {
                r.Dispose();
            }
        }
    }

    internal static async Task RemoveIfAutoRemoveAsync(ContainerService containers, ContainerRecord record, CancellationToken ct)
    {
        if (record.Config.AutoRemove)
        {
            try
            {
                await containers.RemoveAsync(record.Id, force: true, timeout: 0, ct);
            }
            catch (VainaException)
            {
            }
        }
    }

    internal static void CheckCidFile(string? path)
    {
        if (path is not null && File.Exists(path))
        {
            throw new VainaException($"container id file exists. Ensure another container is not using it or delete {path}");
        }
    }

    internal static void WriteCidFile(string? path, string id)
    {
        if (path is not null)
        {
            File.WriteAllText(path, id);
        }
    }
}
