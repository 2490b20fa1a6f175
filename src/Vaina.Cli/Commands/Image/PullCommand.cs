using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Images.Pull;

namespace Vaina.Cli.Commands.Image;

/// <summary>`vaina pull` / `vaina image pull`: progress on stderr, the image ids on stdout.</summary>
public static class PullCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("pull", "Pull an image from a registry", "[options] IMAGE [IMAGE...]")
        {
            LongDescription = "Pulls an image from a registry and stores it locally.\n\n  An image can be pulled by tag or digest. If a tag is not specified, the image with the 'latest' tag is pulled.",
            Examples = "podman pull imageName\n  podman pull fedora:latest",
        };
        var registry = new RegistryFlags();
        var allTags = Flags.Bool("--all-tags", "a", "All tagged images in the repository will be pulled");
        var arch = Flags.String("--arch", null, "Use `ARCH` instead of the architecture of the machine for choosing images");
        var os = Flags.String("--os", null, "Use `OS` instead of the running OS for choosing images");
        var variant = Flags.String("--variant", null, "Use VARIANT instead of the running architecture variant for choosing images");
        var platform = Flags.String("--platform", null, "Specify the platform for selecting the image.  (Conflicts with arch and os)");
        var policy = Flags.String("--policy", null, "Pull image policy (\"always\"|\"missing\"|\"never\"|\"newer\")", "always");
        var quiet = Flags.Bool("--quiet", "q", "Suppress output information when pulling images");
        var contentTrust = Flags.Bool("--disable-content-trust", null, "This is a Docker specific option and is a NOOP", true);
        contentTrust.Hidden = true;
        var signaturePolicy = Flags.String("--signature-policy", null, "`Pathname` of signature policy file (not usually used)");
        signaturePolicy.Hidden = true;
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore };
        command.AddAll(allTags, arch);
        registry.AddTo(command);
        command.AddAll(contentTrust, os, platform, policy, quiet, signaturePolicy, variant);
        command.Arguments.Add(images);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            engine.Images.Prompter = new TerminalCandidatePrompter();
            var request = registry.ToPullRequest(result, result.GetValue(quiet), result.GetValue(platform), result.GetValue(arch), result.GetValue(os), result.GetValue(variant), result.GetValue(allTags),
                result.GetValue(signaturePolicy));
            var pullPolicy = PullPolicyParser.Parse(result.GetValue(policy) ?? "always");
            var progress = request.Quiet ? null : PullProgressFactory.Create(context.Error);
            foreach (var name in result.GetValue(images) ?? [])
            {
                var pulled = await engine.Images.PullAsync(name, pullPolicy, request, progress, ct).ConfigureAwait(false);
                (progress as IDisposable)?.Dispose();
                foreach (var image in pulled)
                {
                    context.Out.WriteLine(image.Id);
                }
            }

            return 0;
        });
        return command;
    }
}
