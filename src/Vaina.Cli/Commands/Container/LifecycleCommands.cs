using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;

namespace Vaina.Cli.Commands.Container;

/// <summary>start, stop, kill, restart, rm, init, pause, unpause, rename, wait, cleanup.</summary>
internal static class LifecycleCommands
{
    public static VainaCommand Start(CliContext context)
    {
        var command = new VainaCommand("start", "Start one or more containers", "[options] CONTAINER [CONTAINER...]");
        var attach = Flags.Bool("--attach", "a", "Attach container's STDOUT and STDERR");
        var interactive = Flags.Bool("--interactive", "i", "Make STDIN available to the contained process");
        var sigProxy = Flags.Bool("--sig-proxy", null, "Proxy received signals to the process (default true if attaching, false otherwise)");
        var detachKeys = Flags.String("--detach-keys", null, "Select the key sequence for detaching a container. Format is a single character [a-Z] or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`", "ctrl-p,ctrl-q");
        command.AddAll(attach, interactive, sigProxy, detachKeys);
        var targets = ContainerTargets.With(command, filter: true);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var names = targets.Resolve(result, engine, r => !ContainerState.IsActive(r.State));

            if (result.GetValue(attach))
            {
                if (names.Count != 1)
                {
                    throw new VainaException("you cannot start and attach multiple containers at once");
                }

                var record = engine.Containers.Get(names[0]);
                var streams = result.GetValue(interactive) ? Array.Empty<string>() : new[] { "stdout", "stderr" };
                (AttachedSession Session, ContainerRecord Record) session;
                try
                {
                    session = await RunCommand.StartAttachedAsync(engine.Containers, record, streams, result.GetValue(detachKeys), ct);
                }
                catch (VainaException e) when (e.ExitCode is 126 or 127)
                {
                    // `run` reports the command's 126/127; `start` is an engine command and exits 125 (Podman's words).
                    throw new VainaException($"unable to start container {record.Id}: {e.Message}", VainaException.EngineExitCode, e);
                }

                var proxy = result.GetResult(sigProxy) is { Implicit: false } ? result.GetValue(sigProxy) : true;
                return await RunCommand.FinishAttachedAsync(context, engine.Containers, record, session, proxy, ct);
            }

            return await targets.ForEachAsync(context, result, names, async name =>
            {
                try
                {
                    await engine.Containers.StartAsync(name, attach: false, ct);
                }
                catch (VainaException e) when (e.ExitCode is 126 or 127)
                {
                    throw new VainaException($"unable to start container \"{engine.Containers.Get(name).Id}\": {e.Message}", VainaException.EngineExitCode, e);
                }

                context.Out.WriteLine(name);
            });
        });
        return command;
    }

    public static VainaCommand Stop(CliContext context)
    {
        var command = new VainaCommand("stop", "Stop one or more containers", "[options] CONTAINER [CONTAINER...]");
        var time = Flags.Int("--time", "t", "Seconds to wait for stop before killing the container", 10, "uint");
        command.AddAll(time);
        var targets = ContainerTargets.With(command, cidFile: true, ignore: true, filter: true);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            uint? timeout = result.GetResult(time) is { Implicit: false } ? (uint)Math.Max(0, result.GetValue(time) ?? 10) : null;
            var names = targets.Resolve(result, engine, r => ContainerState.IsActive(r.State));
            return await targets.ForEachAsync(context, result, names, async name =>
            {
                await engine.Containers.StopAsync(name, timeout, ct);
                context.Out.WriteLine(name);
            });
        });
        return command;
    }

    public static VainaCommand Kill(CliContext context)
    {
        var command = new VainaCommand("kill", "Kill one or more running containers with a specific signal", "[options] CONTAINER [CONTAINER...]");
        var signal = Flags.String("--signal", "s", "Signal to send to the container", "KILL");
        command.AddAll(signal);
        var targets = ContainerTargets.With(command, cidFile: true);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var names = targets.Resolve(result, engine, r => r.State == ContainerState.Running);
            return await targets.ForEachAsync(context, result, names, async name =>
            {
                await engine.Containers.KillAsync(name, result.GetValue(signal) ?? "KILL", ct);
                context.Out.WriteLine(name);
            });
        });
        return command;
    }

    public static VainaCommand Restart(CliContext context)
    {
        var command = new VainaCommand("restart", "Restart one or more containers", "[options] CONTAINER [CONTAINER...]");
        var time = Flags.Int("--time", "t", "Seconds to wait for stop before killing the container", 10, "uint");
        var running = Flags.Bool("--running", null, "Restart only running containers");
        command.AddAll(time, running);
        var targets = ContainerTargets.With(command, cidFile: true, filter: true);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            uint? timeout = result.GetResult(time) is { Implicit: false } ? (uint)Math.Max(0, result.GetValue(time) ?? 10) : null;
            var names = targets.Resolve(result, engine, r => !result.GetValue(running) || r.State == ContainerState.Running);
            return await targets.ForEachAsync(context, result, names, async name =>
            {
                var record = await engine.Containers.RestartAsync(name, timeout, ct);
                context.Out.WriteLine(record.Id);
            });
        });
        return command;
    }

    public static VainaCommand Remove(CliContext context)
    {
        var command = new VainaCommand("rm", "Remove one or more containers", "[options] CONTAINER [CONTAINER...]");
        var force = Flags.Bool("--force", "f", "Force removal of a running or unusable container");
        var volumes = Flags.Bool("--volumes", "v", "Remove anonymous volumes associated with the container");
        var time = Flags.Int("--time", "t", "Seconds to wait for stop before killing the container", 10, "uint");
        var depend = Flags.Bool("--depend", null, "Remove container and all containers that depend on the selected container");
        command.AddAll(force, volumes, time, depend);
        var targets = ContainerTargets.With(command, cidFile: true, ignore: true, filter: true);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            uint? timeout = result.GetResult(time) is { Implicit: false } ? (uint)Math.Max(0, result.GetValue(time) ?? 10) : null;
            var names = targets.Resolve(result, engine);
            bool all = result.GetValue(targets.All!);
            return await targets.ForEachAsync(context, result, names, async name =>
            {
                // rm --all takes dependents along (removed before the containers they depend on).
                if (all && !engine.Containers.Exists(name))
                {
                    return;
                }

                var record = engine.Containers.Get(name);
                var removed = await engine.Containers.RemoveAsync(record.Id, result.GetValue(force), timeout, ct, removeVolumes: result.GetValue(volumes), depend: result.GetValue(depend) || all);
                foreach (var id in removed)
                {
                    context.Out.WriteLine(id);
                }
            });
        });
        return command;
    }

    public static VainaCommand Init(CliContext context)
    {
        var command = new VainaCommand("init", "Initialize one or more containers", "[options] CONTAINER [CONTAINER...]");
        var targets = ContainerTargets.With(command);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var names = targets.Resolve(result, engine, r => r.State == ContainerState.Created);
            return await targets.ForEachAsync(context, result, names, async name =>
            {
                await engine.Containers.InitAsync(name, ct);
                context.Out.WriteLine(name);
            });
        });
        return command;
    }

    public static VainaCommand Pause(CliContext context, bool unpause)
    {
        var command = new VainaCommand(unpause ? "unpause" : "pause", unpause ? "Unpause the processes in one or more containers" : "Pause all the processes in one or more containers", "[options] CONTAINER [CONTAINER...]");
        var targets = ContainerTargets.With(command, cidFile: true, filter: true);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var names = targets.Resolve(result, engine, r => r.State == (unpause ? ContainerState.Paused : ContainerState.Running));
            return await targets.ForEachAsync(context, result, names, async name =>
            {
                var record = unpause ? await engine.Containers.UnpauseAsync(name, ct) : await engine.Containers.PauseAsync(name, ct);
                context.Out.WriteLine(record.Id);
            });
        });
        return command;
    }

    public static VainaCommand Rename(CliContext context)
    {
        var command = new VainaCommand("rename", "Rename an existing container", "CONTAINER NAME");
        var container = new Argument<string>("CONTAINER");
        var name = new Argument<string>("NAME");
        command.Arguments.Add(container);
        command.Arguments.Add(name);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            engine.Containers.Rename(result.GetValue(container)!, result.GetValue(name)!);
            return 0;
        });
        return command;
    }

    public static VainaCommand Wait(CliContext context)
    {
        var command = new VainaCommand("wait", "Block on one or more containers", "[options] CONTAINER [CONTAINER...]");
        var condition = Flags.StringSlice("--condition", null, "Condition to wait on");
        var interval = Flags.String("--interval", "i", "Time Interval to wait before polling for completion", "250ms");
        var ignore = Flags.Bool("--ignore", null, "Ignore if a container does not exist");
        command.AddAll(condition, interval, ignore);
        var targets = ContainerTargets.With(command, all: false);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var conditions = (result.GetValue(condition) ?? []).Select(c => c == "configured" ? "created" : c).ToList();
            var poll = WaitInterval(result.GetValue(interval) ?? "250ms");
            var names = targets.Resolve(result, engine);
            return await targets.ForEachAsync(context, result, names, async name =>
            {
                ContainerRecord record;
                try
                {
                    record = engine.Containers.Get(name);
                }
                catch (VainaException) when (result.GetValue(ignore))
                {
                    context.Out.WriteLine("-1");
                    return;
                }

                var code = await engine.Containers.WaitForExitAsync(record.Id, ct, conditions, pollInterval: poll);
                context.Out.WriteLine(code);
            });
        });
        return command;
    }

    /// <summary>
    /// wait --interval as Podman parses it: a Go duration, or a bare number of milliseconds; Go's errors otherwise.
    /// </summary>
    internal static TimeSpan WaitInterval(string text)
    {
        var sign = text.StartsWith('-') ? -1 : 1;
        var unsigned = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        if (GoDuration.TryParse(unsigned, out var duration) || GoDuration.TryParse(unsigned + "ms", out duration))
        {
            return sign < 0 ? TimeSpan.Zero : duration;
        }

        var unit = global::System.Text.RegularExpressions.Regex.Match(unsigned, "^[0-9.]+([^0-9.]+)$");
        throw new VainaException(unit.Success
            ? $"time: unknown unit \"{unit.Groups[1].Value}\" in duration \"{text}\""
            : $"time: invalid duration \"{text}\"");
    }

    public static VainaCommand Cleanup(CliContext context)
    {
        var command = new VainaCommand("cleanup", "Clean up network and mountpoints of one or more containers", "[options] CONTAINER [CONTAINER...]") { HiddenFromList = true };
        command.Hidden = true;
        var exec = Flags.String("--exec", null, "Clean up the given exec session instead of the container");
        var rm = Flags.Bool("--rm", null, "After cleanup, remove the container entirely");
        var rmi = Flags.Bool("--rmi", null, "After cleanup, remove the image entirely");
        command.AddAll(exec, rm, rmi);
        var targets = ContainerTargets.With(command);
        command.SetAction(async (result, ct) =>
        {
            // Run by conmon with SIGCHLD blocked: unblock it on this thread before any child process is started.
            Vaina.Linux.Interop.UnblockAllSignals();
            var session = result.GetValue(exec);
            bool remove = result.GetValue(rm);
            bool removeImage = result.GetValue(rmi);
            if (!string.IsNullOrEmpty(session))
            {
                // Podman 4.3.1's checks and words.
                if (result.GetValue(targets.All!))
                {
                    throw new VainaException("exec and all options conflict");
                }

                if ((result.GetValue(targets.Names)?.Length ?? 0) > 1)
                {
                    throw new VainaException("cannot use exec option when more than one container is given");
                }

                if (removeImage)
                {
                    throw new VainaException("exec and rmi options conflict");
                }
            }

            using var engine = context.CreateEngine(result);
            var names = targets.Resolve(result, engine);
            try
            {
                // As Podman, every name is looked up before anything is cleaned up.
                foreach (var name in names)
                {
                    if (!engine.Containers.Exists(name))
                    {
                        throw ContainerStore.NotFound(name);
                    }
                }

                if (!string.IsNullOrEmpty(session))
                {
                    engine.Containers.CleanupExec(names[0], session, remove);
                    return 0;
                }
            }
            catch (VainaException e)
            {
                LogError(context, "Running container cleanup", e);
                throw;
            }

            VainaException? last = null;
            foreach (var name in names)
            {
                try
                {
                    await engine.Containers.CleanupCommandAsync(name, remove, removeImage, ct);
                    context.Out.WriteLine(name);
                }
                catch (VainaException e)
                {
                    LogError(context, e is ContainerCleanupImageException ? "Removing image"
                        : e.Message.StartsWith("failed to clean up and remove", StringComparison.Ordinal) ? "Removing container" : "Cleaning up container", e);
                    if (last is not null)
                    {
                        context.Out.Flush();
                        context.Error.WriteLine("Error: " + last.Message);
                    }

                    last = e;
                }
            }

            return last is null ? 0 : throw last;
        });
        return command;
    }

    /// <summary>Podman logs cleanup errors through logrus first (the command usually runs in the background).</summary>
    private static void LogError(CliContext context, string what, VainaException e)
    {
        context.Out.Flush();
        context.Error.WriteLine($"time=\"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\" level=error msg=\"{what}: {e.Message.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
    }
}
