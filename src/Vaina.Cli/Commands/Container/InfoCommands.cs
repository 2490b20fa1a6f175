using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Container;

/// <summary>port, top, mount, umount, exists, prune.</summary>
internal static class InfoCommands
{
    public static VainaCommand Port(CliContext context)
    {
        var command = new VainaCommand("port", "List port mappings or a specific mapping for the container", "[options] CONTAINER [PRIVATE_PORT[/PROTO]]");
        var all = Flags.Bool("--all", "a", "Display port information for all containers");
        var latest = Flags.Bool("--latest", "l", "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag");
        command.AddAll(all, latest);
        var args = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var values = result.GetValue(args) ?? [];
            if (result.GetValue(all))
            {
                foreach (var record in engine.Containers.List().Where(r => r.State == ContainerState.Running))
                {
                    foreach (var line in engine.Containers.Ports(record, null))
                    {
                        context.Out.WriteLine($"{record.Id[..12]}\t{line}");
                    }
                }

                return 0;
            }

            var target = result.GetValue(latest) ? engine.Containers.Latest() : engine.Containers.Get(values.Length > 0 ? values[0] : throw new VainaException("you must supply a running container name or id"));
            var filter = values.Length > (result.GetValue(latest) ? 0 : 1) ? values[^1] : null;
            if (filter is not null && !filter.Contains('/', StringComparison.Ordinal))
            {
                filter += "/tcp";
            }

            var lines = engine.Containers.Ports(target, filter);
            if (filter is not null && lines.Count == 0)
            {
                throw new VainaException($"failed to find published port \"{filter}\"");
            }

            foreach (var line in lines)
            {
                context.Out.WriteLine(line);
            }

            return 0;
        });
        return command;
    }

    public static VainaCommand Top(CliContext context)
    {
        var command = new VainaCommand("top", "Display the running processes of a container", "[options] CONTAINER [FORMAT-DESCRIPTORS|ARGS...]");
        // cobra's SetInterspersed(false), as Podman's top: `top CTR -ef` hands -ef to ps(1).
        command.StopsAtFirstArgument = true;
        var latest = Flags.Bool("--latest", "l", "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag");
        command.AddAll(latest);
        var args = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(args);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var values = (result.GetValue(args) ?? []).ToList();
            var record = result.GetValue(latest) ? engine.Containers.Latest() : engine.Containers.Get(values.Count > 0 ? values[0] : throw new VainaException("you must provide the name or id of a running container"));
            if (!result.GetValue(latest))
            {
                values.RemoveAt(0);
            }

            if (record.State != ContainerState.Running)
            {
                throw new VainaException("top can only be used on running containers");
            }

            if (!ProcessTable.Knows(values))
            {
                context.Out.Write(await ProcessTable.RunPsAsync(engine.Containers, record, values, ct));
                return 0;
            }

            var table = await ProcessTable.BuildAsync(engine.Containers, record, values, ct);
            var writer = new TabWriter(context.Out);
            foreach (var row in table)
            {
                writer.WriteLine(string.Join('\t', row));
            }

            writer.Flush();
            return 0;
        });
        return command;
    }

    public static VainaCommand Mount(CliContext context)
    {
        var command = new VainaCommand("mount", "Mount a working container's root filesystem", "[options] [CONTAINER...]");
        var all = Flags.Bool("--all", "a", "Mount all containers");
        var noTrunc = Flags.Bool("--no-trunc", null, "Do not truncate output");
        var format = Flags.String("--format", null, "Print the mounted containers in specified format (json)");
        var latest = Flags.Bool("--latest", "l", "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag");
        command.AddAll(all, noTrunc, format, latest);
        var args = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var names = (result.GetValue(args) ?? []).ToList();
            if (result.GetValue(latest))
            {
                names.Add(engine.Containers.Latest().Id);
            }

            if (result.GetValue(all))
            {
                names.AddRange(engine.Containers.List().Select(r => r.Id));
            }

            if (names.Count == 0)
            {
                foreach (var record in engine.Containers.List())
                {
                    if (engine.Store.Containers.MountCount(record.Id) > 0)
                    {
                        var id = result.GetValue(noTrunc) ? record.Id : record.Id[..12];
                        context.Out.WriteLine($"{id} {engine.Containers.RootfsOf(record)}");
                    }
                }

                return 0;
            }

            foreach (var name in names)
            {
                context.Out.WriteLine(engine.Containers.Mount(name));
            }

            return 0;
        });
        return command;
    }

    public static VainaCommand Unmount(CliContext context, string name)
    {
        var command = new VainaCommand(name, "Unmount working container's root filesystem", "[options] CONTAINER [CONTAINER...]");
        var force = Flags.Bool("--force", "f", "Force the complete unmount of the specified mounted containers");
        command.AddAll(force);
        var targets = ContainerTargets.With(command);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var names = targets.Resolve(result, engine);
            return await targets.ForEachAsync(context, result, names, name =>
            {
                var record = engine.Containers.Get(name);
                engine.Containers.Unmount(record.Id, result.GetValue(force));
                context.Out.WriteLine(record.Id);
                return Task.CompletedTask;
            });
        });
        return command;
    }

    public static VainaCommand Exists(CliContext context)
    {
        var command = new VainaCommand("exists", "Check if a container exists in local storage", "[options] CONTAINER");
        var external = Flags.Bool("--external", null, "Check external storage containers as well as Podman containers");
        command.AddAll(external);
        var name = new Argument<string>("CONTAINER");
        command.Arguments.Add(name);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var wanted = result.GetValue(name)!;
            return engine.Containers.Exists(wanted)
                || (result.GetValue(external) && engine.Containers.ListExternal().Any(e => e.Id.StartsWith(wanted, StringComparison.Ordinal))) ? 0 : 1;
        });
        return command;
    }

    public static VainaCommand Prune(CliContext context)
    {
        var command = new VainaCommand("prune", "Remove all non running containers", "[options]");
        var force = Flags.Bool("--force", "f", "Do not prompt for confirmation.  The default is false");
        var filter = Flags.StringArray("--filter", null, "Provide filter values (e.g. 'label=<key>=<value>')");
        command.AddAll(force, filter);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            if (!result.GetValue(force))
            {
                context.Out.Write("WARNING! This will remove all non running containers.\nAre you sure you want to continue? [y/N] ");
                context.Out.Flush();
                var answer = Console.ReadLine();
                if (answer is null || !answer.Trim().StartsWith('y'))
                {
                    return 0;
                }
            }

            foreach (var record in engine.Containers.List().Where(r => !ContainerState.IsActive(r.State)))
            {
                await engine.Containers.RemoveAsync(record.Id, force: false, timeout: null, ct);
                context.Out.WriteLine(record.Id);
            }

            return 0;
        });
        return command;
    }
}
