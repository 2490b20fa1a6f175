using System.CommandLine;
using System.Globalization;
using Vaina.Cli.Commands.Container;
using Vaina.Cli.Commands.Network;
using Vaina.Cli.Parsing;
using Vaina.Engine.Pods;
using Vaina.Runtime;

namespace Vaina.Cli.Commands.Pod;

/// <summary>`pod create [options] [NAME]`: the pod and its infra container (not started); prints the pod id.</summary>
internal static class PodCreateCommand
{
    private static readonly string[] Namespaces = ["cgroup", "ipc", "net", "pid", "uts"];

    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("create", "Create a new empty pod", "[options] [NAME]")
        {
            LongDescription = "After creating the pod, the pod ID is printed to stdout.\n\n  You can then start it at any time with the  podman pod start <pod_id> command. The pod will be created with the initial state 'created'.",
            Examples = "podman pod create\n  podman pod create --label foo=bar mypod",
        };
        var name = Flags.String("--name", "n", "Assign a name to the pod");
        var infra = Flags.Bool("--infra", null, "Create an infra container associated with the pod to share namespaces with", true);
        var infraImage = Flags.String("--infra-image", null, "Image to use to override builtin infra container");
        var share = Flags.String("--share", null, "A comma delimited list of kernel namespaces the pod will share", "ipc,net,uts");
        var shareParent = Flags.Bool("--share-parent", null, "Set the pod's cgroup as the cgroup parent for all containers joining the pod", true);
        var exitPolicy = Flags.String("--exit-policy", null, "Behaviour when the last container exits", "continue");
        var podIdFile = Flags.String("--pod-id-file", null, "Write the pod ID to the file");
        var replace = Flags.Bool("--replace", null, "If a pod with the same name exists, replace it");
        var pidsLimit = Flags.Int("--pids-limit", null, "Tune container pids limit (set -1 for unlimited)", null, "int");
        var restart = Flags.String("--restart", null, "Restart policy to apply when a container exits (\"always\"|\"no\"|\"never\"|\"on-failure\"|\"unless-stopped\")");
        var resources = new PodResourceFlags();
        var network = new NetworkFlags();
        command.AddAll(name, infra, infraImage, share, shareParent, exitPolicy, podIdFile, replace, pidsLimit, restart);
        resources.AddTo(command);
        network.AddTo(command);
        var positional = new Argument<string?>("NAME") { Arity = ArgumentArity.ZeroOrOne };
        command.Arguments.Add(positional);
        command.SetAction(async (result, ct) =>
        {
            var podName = result.GetValue(name);
            if (result.GetValue(positional) is { } given)
            {
                if (podName is not null)
                {
                    throw new VainaException("cannot specify --name and NAME at the same time");
                }

                podName = given;
            }

            var shareText = result.GetValue(share) ?? "ipc,net,uts";
            var withInfra = result.GetValue(infra);
            if (result.GetResult(infra) is null or { Implicit: true } && shareText is "none" or "")
            {
                withInfra = false;
            }

            var shared = ParseShare(shareText, withInfra, result.GetResult(share) is { Implicit: false });
            var config = new PodConfig
            {
                Infra = withInfra,
                SharedNamespaces = shared,
                ShareParent = result.GetValue(shareParent),
                Hostname = result.GetValue(network.Hostname) ?? string.Empty,
                ExitPolicy = result.GetValue(exitPolicy) ?? "continue",
                CreateCommand = [.. Environment.GetCommandLineArgs().Select((a, i) => i == 0 ? context.ProgramName : a)],
                PidsLimit = result.GetValue(pidsLimit),
            };
            resources.Changes(result)(config);
            if (result.GetValue(restart) is { Length: > 0 } policy && policy is not ("no" or "never"))
            {
                var colon = policy.IndexOf(':');
                config.RestartPolicy = colon < 0 ? policy : policy[..colon];
                if (config.RestartPolicy is not ("always" or "on-failure" or "unless-stopped"))
                {
                    throw new VainaException($"invalid restart policy: {policy}: invalid argument");
                }

                config.RestartRetries = colon < 0 ? 0 : int.Parse(policy[(colon + 1)..], CultureInfo.InvariantCulture);
            }

            if (!withInfra && result.GetResult(network.NoHosts) is { Implicit: false })
            {
                throw new VainaException("cannot specify --no-hosts without an infra container");
            }

            var idFile = result.GetValue(podIdFile);
            if (idFile is not null && File.Exists(idFile) && new FileInfo(idFile).Length > 0)
            {
                throw new VainaException($"pod id file {idFile} already exists: file exists");
            }

            using var engine = context.CreateEngine(result);
            var pod = await engine.Pods.CreateAsync(
                new PodCreateRequest
                {
                    Name = podName,
                    Config = config,
                    InfraImage = result.GetValue(infraImage),
                    InfraCommand = resources.InfraCommandOf(result),
                    InfraName = result.GetValue(resources.InfraName),
                    Network = network.ToSpec(result),
                    Replace = result.GetValue(replace),
                    PullProgress = context.Error,
                },
                ct);
            if (idFile is not null)
            {
                File.WriteAllText(idFile, pod.Id);
            }

            context.Out.WriteLine(pod.Id);
            return 0;
        });
        return command;
    }

    /// <summary>--share: a comma list, "+LIST" adds to the defaults, "none" or "" shares nothing.</summary>
    private static List<string> ParseShare(string text, bool infra, bool changed)
    {
        if (!infra)
        {
            if (changed && text is not ("none" or ""))
            {
                throw new VainaException($"cannot set share({text}) namespaces without an infra container");
            }

            return [];
        }

        var list = new List<string>();
        if (text.StartsWith('+'))
        {
            list.AddRange(PodService.DefaultSharedNamespaces);
            text = text[1..];
        }

        foreach (var ns in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ns == "none")
            {
                continue;
            }

            if (!Namespaces.Contains(ns))
            {
                throw new VainaException($"invalid kernel namespace to share: {ns}. Options are: cgroup, ipc, net, pid, uts or none");
            }

            list.Add(ns);
        }

        return list;
    }
}
