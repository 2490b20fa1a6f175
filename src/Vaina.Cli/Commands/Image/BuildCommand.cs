using System.CommandLine;
using System.CommandLine.Parsing;
using Vaina.Build.Stages;
using Vaina.Cli.Parsing;
using Vaina.Engine.Build;

namespace Vaina.Cli.Commands.Image;

/// <summary>`build`, `image build` and `buildx build`: build an image from a Containerfile.</summary>
internal static class BuildCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("build", "Build an image using instructions from Containerfiles", "[options] [CONTEXT]")
        {
            LongDescription = "Builds an OCI or Docker image using instructions from one or more Containerfiles and a specified build context directory.",
            Examples = "podman build .\n  podman build --creds=username:password -t imageName -f Containerfile.simple .\n  podman build --layers --force-rm --tag imageName .",
        };
        var registry = new RegistryFlags();
        registry.AddTo(command);
        var tags = Flags.StringArray("--tag", "t", "tagged `name` to apply to the built image");
        var files = Flags.StringArray("--file", "f", "`pathname or URL` of a Dockerfile");
        var buildArgs = Flags.StringArray("--build-arg", null, "`argument=value` to supply to the builder");
        var buildArgFiles = Flags.StringArray("--build-arg-file", null, "`argfile.conf` containing lines of argument=value to supply to the builder");
        var target = Flags.String("--target", null, "set the target build stage to build");
        var layers = Flags.Bool("--layers", null, "use intermediate layers during build. Use BUILDAH_LAYERS environment variable to override.", true);
        var noCache = Flags.Bool("--no-cache", null, "do not use existing cached images for the container build. Build from the start with a new set of cached layers.");
        var pull = new Option<string?>("--pull")
        {
            Description = "pull base images from the registry: missing (default), always, never, newer; --pull alone or true means newer, false means missing",
            HelpName = "string[=\"true\"]",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = ParsePull,
            DefaultValueFactory = _ => "missing",
        };
        var labels = Flags.StringArray("--label", null, "set metadata for an image (default [])");
        var annotations = Flags.StringArray("--annotation", null, "set metadata for an image (default [])");
        var squash = Flags.Bool("--squash", null, "squash all image layers into a single layer");
        var squashAll = Flags.Bool("--squash-all", null, "Squash all layers into a single layer");
        var format = Flags.String("--format", null, "`format` of the built image's manifest and metadata. Use BUILDAH_FORMAT environment variable to override.", "oci");
        var iidFile = Flags.String("--iidfile", null, "`file` to write the image ID to");
        var secrets = Flags.StringArray("--secret", null, "secret file to expose to the build");
        var ssh = Flags.StringArray("--ssh", null, "SSH agent socket or keys to expose to the build. (format: default|<id>[=<socket>|<key>[,<key>]])");
        var network = Flags.String("--network", null, "Sets the configuration for network namespaces when handling RUN instructions");
        var platform = Flags.String("--platform", null, "set the OS/ARCH[/VARIANT] of the image to the provided value instead of the current operating system and architecture of the host (for example \"linux/arm\")");
        var ignoreFile = Flags.String("--ignorefile", null, "path to an alternate .dockerignore file");
        var rm = Flags.Bool("--rm", null, "remove intermediate containers after a successful build", true);
        var forceRm = Flags.Bool("--force-rm", null, "always remove intermediate containers after a build, even if the build is unsuccessful.", true);
        var quiet = Flags.Bool("--quiet", "q", "refrain from announcing build instructions and image read/write progress");
        var timestamp = Flags.Int("--timestamp", null, "set created timestamp to the specified epoch seconds to allow for deterministic builds, defaults to current time", null);
        command.AddAll(tags, files, buildArgs, buildArgFiles, target, layers, noCache, pull, labels, annotations, squash, squashAll, format, iidFile, secrets, ssh, network, platform, ignoreFile, rm, forceRm, quiet, timestamp);
        var contextArg = new Argument<string[]>("CONTEXT") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(contextArg);
        command.SetAction(async (result, ct) =>
        {
            var contexts = result.GetValue(contextArg) ?? [];
            Args.AtMost(1, contexts);

            if (result.GetValue(platform) is { Length: > 0 } p && PlatformSpec.Parse(p).ToString() != PlatformSpec.Host.ToString())
            {
                throw new VainaException($"building for platform {p} needs emulation of a foreign architecture, which this host does not have: only {PlatformSpec.Host} can be built");
            }

            var fileValues = result.GetValue(files) ?? [];
            string buildContext = contexts.Length == 1 ? contexts[0] : ".";

            var args = new List<KeyValuePair<string, string>>();
            foreach (string argFile in result.GetValue(buildArgFiles) ?? [])
            {
                args.AddRange(BuildArgFile.Read(argFile));
            }

            foreach (string value in result.GetValue(buildArgs) ?? [])
            {
                if (BuildArgFile.ParseFlag(value) is { } kv)
                {
                    args.Add(kv);
                }
            }

            var secretMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string secret in result.GetValue(secrets) ?? [])
            {
                var (id, src) = ParseSecret(secret);
                secretMap[id] = src;
            }

            string? text = null;
            if (fileValues.Contains("-"))
            {
                if (fileValues.Length > 1)
                {
                    throw new VainaException("\"-\" reads the Containerfile from standard input and cannot be combined with other -f files");
                }

                text = await Console.In.ReadToEndAsync(ct);
            }

            string pullPolicy = (result.GetValue(pull) ?? "missing").ToLowerInvariant() switch
            {
                "true" => "newer",
                "false" => "missing",
                var other => other,
            };
            if (pullPolicy is not ("always" or "missing" or "never" or "newer" or "ifmissing" or "ifnewer"))
            {
                throw new VainaException($"unsupported pull policy \"{pullPolicy}\"");
            }

            using var engine = context.CreateEngine(result);
            var request = new BuildRequest
            {
                ContextDirectory = buildContext,
                ContainerfilePaths = text is null ? fileValues : [],
                ContainerfileText = text,
                Stdin = buildContext == "-" ? Terminal.StandardStreams.OpenInput() : null,
                Tags = result.GetValue(tags) ?? [],
                BuildArgs = args,
                Target = result.GetValue(target),
                Layers = result.GetValue(layers),
                NoCache = result.GetValue(noCache),
                PullPolicy = pullPolicy,
                PullOptions = registry.ToPullRequest(result),
                Labels = result.GetValue(labels) ?? [],
                Annotations = result.GetValue(annotations) ?? [],
                Format = FormatValue(result.GetValue(format)),
                Quiet = result.GetValue(quiet),
                Remove = result.GetValue(rm),
                ForceRemove = result.GetValue(forceRm),
                Network = result.GetValue(network),
                Squash = result.GetValue(squash),
                SquashAll = result.GetValue(squashAll),
                IgnoreFile = result.GetValue(ignoreFile),
                Timestamp = result.GetValue(timestamp),
                Secrets = secretMap,
                SshSources = result.GetValue(ssh) ?? [],
                SshAuthSock = Environment.GetEnvironmentVariable("SSH_AUTH_SOCK"),
            };
            var image = await new ImageBuilder(engine).BuildAsync(request, context.Out, context.Error, ct);
            if (result.GetValue(iidFile) is { Length: > 0 } path)
            {
                File.WriteAllText(path, "sha256:" + image.Id);
            }

            return 0;
        });
        return command;
    }

    /// <summary>`buildx build`: Docker's spelling of the same command.</summary>
    public static VainaCommand CreateBuildx(CliContext context)
    {
        var buildx = new VainaCommand("buildx", "Build images", "")
        {
            LongDescription = "Build images using Docker's buildx syntax: `buildx build` is `build`.",
        };
        buildx.Subcommands.Add(Create(context));
        return buildx;
    }

    /// <summary>pflag's NoOptDefVal: a bare --pull is "true"; a following word that is no policy (the context) is left alone.</summary>
    private static string ParsePull(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return "true";
        }

        string value = result.Tokens[0].Value;
        if (value.ToLowerInvariant() is "always" or "missing" or "never" or "newer" or "true" or "false" or "ifmissing" or "ifnewer")
        {
            return value;
        }

        result.OnlyTake(0);
        return "true";
    }

    private static string FormatValue(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "oci" => "oci",
        "docker" => "docker",
        _ => throw new VainaException($"unrecognized image type \"{value}\""),
    };

    /// <summary>--secret id=ID,src=PATH (type=file implied; src defaults to the id).</summary>
    private static (string Id, string Source) ParseSecret(string value)
    {
        string? id = null;
        string? src = null;
        foreach (string part in value.Split(','))
        {
            int eq = part.IndexOf('=');
            string key = eq < 0 ? part : part[..eq];
            string v = eq < 0 ? string.Empty : part[(eq + 1)..];
            switch (key)
            {
                case "id":
                    id = v;
                    break;
                case "src" or "source":
                    src = v;
                    break;
                case "type" when v == "file":
                    break;
                default:
                    throw new VainaException($"incorrect secret flag format: should be --secret id=foo,src=bar[,env=ENV,type=file|env]: {value}");
            }
        }

        if (string.IsNullOrEmpty(id))
        {
            throw new VainaException("id must be specified");
        }

        src ??= id;
        if (!File.Exists(src))
        {
            throw new VainaException($"secret file \"{src}\" does not exist");
        }

        return (id, Path.GetFullPath(src));
    }
}
