using Vaina.Cli.Parsing;

namespace Vaina.Cli.Commands.Container;

/// <summary>`attach` / `container attach`: relays to a running container until it exits or the user detaches.</summary>
internal static class AttachCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("attach", "Attach to a running container", "[options] CONTAINER");
        var noStdin = Flags.Bool("--no-stdin", null, "Do not attach STDIN. The default is false");
        var sigProxy = Flags.Bool("--sig-proxy", null, "Proxy received signals to the process", true);
        var detachKeys = Flags.String("--detach-keys", null, "Select the key sequence for detaching a container. Format is a single character [a-Z] or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`", "ctrl-p,ctrl-q");
        command.AddAll(noStdin, sigProxy, detachKeys);
        var targets = ContainerTargets.With(command, all: false);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var names = targets.Resolve(result, engine);
            var record = engine.Containers.Get(names[0]);
            if (record.State is not ("running" or "paused"))
            {
                throw new VainaException("you can only attach to running containers");
            }

            var (_, connection) = await engine.Containers.StartAsync(record.Id, attach: true, ct);
            var session = new AttachedSession(connection!, engine.Containers.PathsFor(record.Id).Bundle)
            {
                Stdin = record.Config.Interactive && !result.GetValue(noStdin),
                Tty = record.Config.Tty,
                DetachKeys = AttachedSession.ParseDetachKeys(result.GetValue(detachKeys) ?? "ctrl-p,ctrl-q"),
            };
            return await RunCommand.FinishAttachedAsync(context, engine.Containers, record, (session, record), result.GetValue(sigProxy), ct);
        });
        return command;
    }
}
