using System.CommandLine;
using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Pod;

/// <summary>pod start, stop, restart, kill, pause, unpause, rm, prune, exists.</summary>
internal static class PodLifecycleCommands
{
    public static VainaCommand Start(CliContext context)
    {
        var command = new VainaCommand("start", "Start one or more pods", "[options] POD [POD...]") { LongDescription = "The pod name or ID can be used." };
        var targets = PodTargets.With(command, idFile: true);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            return await targets.ForEachAsync(context, result, engine, targets.Resolve(result, engine), id => engine.Pods.StartAsync(id, ct));
        });
        return command;
    }

    public static VainaCommand Stop(CliContext context)
    {
        var command = new VainaCommand("stop", "Stop one or more pods", "[options] POD [POD...]") { LongDescription = "The pod name or ID can be used.\n\n  This command will stop all running containers in each of the specified pods." };
        var time = Flags.Int("--time", "t", "Seconds to wait for pod stop before killing the container", 10, "uint");
        command.AddAll(time);
        var targets = PodTargets.With(command, idFile: true, ignore: true);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            uint? timeout = result.GetResult(time) is { Implicit: false } && result.GetValue(time) is long t && t >= 0 ? (uint)t : null;
            return await targets.ForEachAsync(context, result, engine, targets.Resolve(result, engine), id => engine.Pods.StopAsync(id, timeout, ct));
        });
        return command;
    }

    public static VainaCommand Restart(CliContext context)
    {
        var command = new VainaCommand("restart", "Restart one or more pods", "[options] POD [POD...]") { LongDescription = "The pod ID or name can be used.\n\n  All of the containers within each of the specified pods will be restarted. If a container in a pod is not currently running it will be started." };
        var targets = PodTargets.With(command);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            return await targets.ForEachAsync(context, result, engine, targets.Resolve(result, engine), id => engine.Pods.RestartAsync(id, ct));
        });
        return command;
    }

    public static VainaCommand Kill(CliContext context)
    {
        var command = new VainaCommand("kill", "Send the specified signal or SIGKILL to containers in pod", "[options] POD [POD...]") { LongDescription = "Signals are sent to the main process of each container inside the specified pod.\n\n  The default signal is SIGKILL, or any signal specified with option --signal." };
        var signal = Flags.String("--signal", "s", "Signal to send to the containers in the pod", "KILL");
        command.AddAll(signal);
        var targets = PodTargets.With(command);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            return await targets.ForEachAsync(context, result, engine, targets.Resolve(result, engine), id => engine.Pods.KillAsync(id, result.GetValue(signal) ?? "KILL", ct));
        });
        return command;
    }

    public static VainaCommand Pause(CliContext context, bool unpause)
    {
        var command = unpause
            ? new VainaCommand("unpause", "Unpause one or more pods", "[options] POD [POD...]") { LongDescription = "The podman unpause command will unpause all \"paused\" containers assigned to the pod.\n\n  The pod name or ID can be used." }
            : new VainaCommand("pause", "Pause one or more pods", "[options] POD [POD...]") { LongDescription = "The pod name or ID can be used.\n\n  All running containers within each specified pod will then be paused." };
        var targets = PodTargets.With(command);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            return await targets.ForEachAsync(context, result, engine, targets.Resolve(result, engine), id => engine.Pods.PauseAsync(id, unpause, ct));
        });
        return command;
    }

    public static VainaCommand Remove(CliContext context)
    {
        var command = new VainaCommand("rm", "Remove one or more stopped pods and containers", "[options] POD [POD...]") { LongDescription = "podman rm will remove one or more stopped pods and their containers from the host.\n\n  The pod name or ID can be used.  A pod with containers will not be removed without --force. If --force is specified, all containers will be stopped, then removed." };
        var force = Flags.Bool("--force", "f", "Stop running containers and delete all stopped containers before removal of pod");
        var time = Flags.Int("--time", "t", "Seconds to wait for pod stop before killing the container", 10, "uint");
        command.AddAll(force, time);
        var targets = PodTargets.With(command, idFile: true, ignore: true);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            uint? timeout = result.GetResult(time) is { Implicit: false } && result.GetValue(time) is long t && t >= 0 ? (uint)t : null;
            var forced = result.GetValue(force);
            try
            {
                var code = await targets.ForEachAsync(context, result, engine, targets.Resolve(result, engine), async id =>
                {
                    await engine.Pods.RemoveAsync(id, forced, timeout, ct);
                    return [];
                });
                foreach (var file in targets.IdFile is null ? [] : result.GetValue(targets.IdFile) ?? [])
                {
                    File.Delete(file);
                }

                return code;
            }
            catch (VainaException e) when (e.Message.EndsWith("no such pod", StringComparison.Ordinal))
            {
                // Podman: a pod that does not exist is exit code 1 (and nothing at all with --force).
                if (forced)
                {
                    return 0;
                }

                throw new VainaException(e.Message, 1);
            }
        });
        return command;
    }

    public static VainaCommand Prune(CliContext context)
    {
        var command = new VainaCommand("prune", "Remove all stopped pods and their containers", "[options]") { LongDescription = "podman pod prune Removes all exited pods" };
        var force = Flags.Bool("--force", "f", "Do not prompt for confirmation.  The default is false");
        command.AddAll(force);
        command.SetAction(async (result, ct) =>
        {
            if (!result.GetValue(force))
            {
                context.Out.Write("WARNING! This will remove all stopped/exited pods..\nAre you sure you want to continue? [y/N] ");
                context.Out.Flush();
                var answer = Console.In.ReadLine()?.Trim().ToLowerInvariant();
                if (answer is not ("y" or "yes"))
                {
                    return 0;
                }
            }

            using var engine = context.CreateEngine(result);
            foreach (var id in await engine.Pods.PruneAsync(ct))
            {
                context.Out.WriteLine(id);
            }

            return 0;
        });
        return command;
    }

    public static VainaCommand Exists(CliContext context)
    {
        var command = new VainaCommand("exists", "Check if a pod exists in local storage", "POD")
        {
            LongDescription = "If the named pod exists in local storage, podman pod exists exits with 0, otherwise the exit code will be 1.",
            Examples = "podman pod exists podID\n  podman pod exists mypod || podman pod create --name mypod",
        };
        var name = new Argument<string>("POD") { Arity = ArgumentArity.ExactlyOne };
        command.Arguments.Add(name);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            return engine.Pods.TryGet(result.GetValue(name) ?? string.Empty) is null ? 1 : 0;
        });
        return command;
    }
}
