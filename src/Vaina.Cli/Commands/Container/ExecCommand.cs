using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;

namespace Vaina.Cli.Commands.Container;

/// <summary>`exec` / `container exec`: a process in a running container; its exit code becomes vaina's.</summary>
internal static class ExecCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("exec", "Run a process in a running container", "[options] CONTAINER COMMAND [ARG...]");
        var interactive = Flags.Bool("--interactive", "i", "Make STDIN available to the contained process");
        var tty = Flags.Bool("--tty", "t", "Allocate a pseudo-TTY. The default is false");
        var env = Flags.StringArray("--env", "e", "Set environment variables");
        var envFile = Flags.StringArray("--env-file", null, "Read in a file of environment variables");
        var user = Flags.String("--user", "u", "Sets the username or UID used and optionally the groupname or GID for the specified command");
        var workdir = Flags.String("--workdir", "w", "Working directory inside the container");
        var detach = Flags.Bool("--detach", "d", "Run the exec session in detached mode (backgrounded)");
        var privileged = Flags.Bool("--privileged", null, "Give the process extended Linux capabilities inside the container.  The default is false");
        var latest = Flags.Bool("--latest", "l", "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag");
        var detachKeys = Flags.String("--detach-keys", null, "Select the key sequence for detaching a container. Format is a single character [a-Z] or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-cf`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`", "ctrl-p,ctrl-q");
        var preserveFds = Flags.Int("--preserve-fds", null, "Pass N additional file descriptors to the container", 0, "uint");
        command.AddAll(interactive, tty, env, envFile, user, workdir, detach, privileged, latest, detachKeys, preserveFds);
        var args = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        command.Arguments.Add(args);
        command.StopsAtFirstArgument = true;
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var values = (result.GetValue(args) ?? []).ToList();
            string container;
            if (result.GetValue(latest))
            {
                container = engine.Containers.Latest().Id;
            }
            else
            {
                container = values[0];
                values.RemoveAt(0);
            }

            if (values.Count == 0)
            {
                throw new VainaException("exec requires the name or ID of a container or the --latest flag");
            }

            var request = new ExecRequest
            {
                Command = values,
                Env = result.GetValue(env) ?? [],
                EnvFiles = result.GetValue(envFile) ?? [],
                User = result.GetValue(user),
                WorkingDir = result.GetValue(workdir),
                Tty = result.GetValue(tty),
                Interactive = result.GetValue(interactive),
                Detach = result.GetValue(detach),
                Privileged = result.GetValue(privileged),
                PreserveFds = (int)Math.Max(0, result.GetValue(preserveFds) ?? 0),
            };
            using var session = await engine.Containers.ExecAsync(container, request, ct);
            if (request.Detach)
            {
                context.Out.WriteLine(session.SessionId);
                return 0;
            }

            var bundle = Path.GetDirectoryName(Path.GetDirectoryName(session.ExitFile)!)!;
            var attached = new AttachedSession(session.Attach!, bundle)
            {
                Stdin = request.Interactive,
                Tty = request.Tty,
                DetachKeys = AttachedSession.ParseDetachKeys(result.GetValue(detachKeys) ?? "ctrl-p,ctrl-q"),
            };
            context.Out.Flush();
            await attached.RunAsync(ct);
            var code = await session.WaitAsync(ct);
            engine.Containers.ForgetExec(session);
            return code;
        });
        return command;
    }
}
