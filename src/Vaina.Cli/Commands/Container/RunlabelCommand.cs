using System.CommandLine;
using Vaina.Cli.Commands.Image;
using Vaina.Cli.Parsing;
using Vaina.Engine.Containers;

namespace Vaina.Cli.Commands.Container;

/// <summary>`container runlabel LABEL IMAGE [ARG...]`: runs the command an image label describes, on the host.</summary>
internal static class RunlabelCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("runlabel", "Execute the command described by an image label", "[options] LABEL IMAGE [ARG...]")
        {
            LongDescription = "Executes a command as described by a container image label.",
            Examples = "podman container runlabel run imageID\n  podman container runlabel install imageID arg1 arg2\n  podman container runlabel --display run myImage",
        };
        var registry = new RegistryFlags();
        registry.AddTo(command);
        var display = Flags.Bool("--display", null, "Preview the command that the label would run");
        var name = Flags.String("--name", "n", "Assign a name to the container");
        var quiet = Flags.Bool("--quiet", "q", "Suppress output information when installing images");
        var replace = Flags.Bool("--replace", null, "Replace existing container with a new one from the image");
        var pull = Flags.Bool("--pull", "p", "Pull the image if it does not exist locally prior to executing the label contents", true);
        var signaturePolicy = Flags.String("--signature-policy", null, "`Pathname` of signature policy file (not usually used)");
        var opts = new[] { "--opt1", "--opt2", "--opt3" }.Select(o => Flags.String(o, null, "Optional parameter to pass for install")).ToArray();
        foreach (Option hidden in (Option[])[.. opts, pull, signaturePolicy])
        {
            hidden.Hidden = true;
        }

        command.AddAll([display, name, quiet, replace, pull, signaturePolicy, .. opts]);
        var args = new Argument<string[]>("LABEL") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(args);
        command.SetAction(async (result, ct) =>
        {
            var values = result.GetValue(args) ?? [];
            Args.AtLeast(2, values);
            var request = new ContainerRunlabelRequest
            {
                Label = values[0],
                Image = values[1],
                Args = values[2..],
                Name = result.GetValue(name),
                Display = result.GetValue(display),
                Quiet = result.GetValue(quiet),
                Replace = result.GetValue(replace),
                Pull = result.GetValue(pull),
                Opt1 = result.GetValue(opts[0]),
                Opt2 = result.GetValue(opts[1]),
                Opt3 = result.GetValue(opts[2]),
                PullOptions = registry.ToPullRequest(result, quiet: result.GetValue(quiet), signaturePolicy: result.GetValue(signaturePolicy)),
                Self = Environment.ProcessPath ?? "/proc/self/exe",
                SelfName = context.ProgramName,
            };
            using var engine = context.CreateEngine(result);
            await engine.Containers.RunlabelAsync(request, context.Out, context.Error, ct);
            return 0;
        });
        return command;
    }
}
