using System.Buffers;
using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vaina.Cli.Parsing;
using Vaina.Engine.Images;
using Vaina.Formatting;

namespace Vaina.Cli.Commands.Image;

/// <summary>`vaina manifest create|add|annotate|inspect|push|remove|rm|exists`: local manifest lists.</summary>
public static class ManifestCommands
{
    public static VainaCommand Create(CliContext context)
    {
        var manifest = NounCommand.Create(context, "manifest", "Manipulate manifest lists and image indexes");
        manifest.Subcommands.Add(CreateAdd(context));
        manifest.Subcommands.Add(CreateAnnotate(context));
        manifest.Subcommands.Add(CreateCreate(context));
        manifest.Subcommands.Add(CreateExists(context));
        manifest.Subcommands.Add(CreateInspect(context));
        manifest.Subcommands.Add(CreatePush(context));
        manifest.Subcommands.Add(CreateRemove(context));
        manifest.Subcommands.Add(CreateRm(context));
        return manifest;
    }

    private static VainaCommand CreateCreate(CliContext context)
    {
        var command = new VainaCommand("create", "Create manifest list or image index", "[options] LIST [IMAGE...]");
        var all = Flags.Bool("--all", null, "add all of the lists' images if the images to add are lists");
        var amend = Flags.Bool("--amend", "a", "modify an existing list if one with the desired name already exists");
        var tlsVerify = Flags.Bool("--tls-verify", null, "require HTTPS and verify certificates when accessing the registry", true);
        var args = new Argument<string[]>("LIST") { Arity = ArgumentArity.OneOrMore };
        command.AddAll(all, amend, tlsVerify);
        command.Arguments.Add(args);
        command.SetAction(async (result, ct) =>
        {
            var values = result.GetValue(args)!;
            using var engine = context.CreateEngine(result);
            var request = new ImagePullRequest { TlsVerify = result.GetResult(tlsVerify) is { Implicit: false } ? result.GetValue(tlsVerify) : null };
            context.Out.WriteLine(await engine.Images.ManifestCreateAsync(values[0], values[1..], result.GetValue(all), result.GetValue(amend), request, ct).ConfigureAwait(false));
            return 0;
        });
        return command;
    }

    private static VainaCommand CreateAdd(CliContext context)
    {
        var command = new VainaCommand("add", "Add images to a manifest list or image index", "[options] LIST IMAGE [IMAGE...]");
        var registry = new RegistryFlags();
        var all = Flags.Bool("--all", null, "add all of the list's images if the image is a list");
        var annotation = Flags.StringArray("--annotation", null, "set an annotation for the specified image");
        var arch = Flags.String("--arch", null, "override the architecture of the specified image");
        var os = Flags.String("--os", null, "override the OS of the specified image");
        var variant = Flags.String("--variant", null, "override the Variant of the specified image");
        var args = new Argument<string[]>("LIST") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(all, annotation, arch);
        registry.AddTo(command);
        command.AddAll(os, variant);
        command.Arguments.Add(args);
        command.SetAction(async (result, ct) =>
        {
            var values = result.GetValue(args) ?? [];
            Args.AtLeast(2, values);

            using var engine = context.CreateEngine(result);
            var request = registry.ToPullRequest(result);
            string id = string.Empty;
            foreach (var image in values[1..])
            {
                id = await engine.Images.ManifestAddAsync(values[0], image, result.GetValue(all), result.GetValue(os), result.GetValue(arch), result.GetValue(variant), result.GetValue(annotation) ?? [], request, ct).ConfigureAwait(false);
            }

            context.Out.WriteLine(id);
            return 0;
        });
        return command;
    }

    private static VainaCommand CreateAnnotate(CliContext context)
    {
        var command = new VainaCommand("annotate", "Add or update information about an entry in a manifest list or image index", "[options] LIST IMAGE");
        var annotation = Flags.StringArray("--annotation", null, "set an annotation for the specified image");
        var arch = Flags.String("--arch", null, "override the architecture of the specified image");
        var os = Flags.String("--os", null, "override the OS of the specified image");
        var variant = Flags.String("--variant", null, "override the Variant of the specified image");
        var args = new Argument<string[]>("LIST") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(annotation, arch, os, variant);
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            var values = result.GetValue(args) ?? [];
            Args.Exactly(2, values);

            using var engine = context.CreateEngine(result);
            context.Out.WriteLine(engine.Images.ManifestAnnotate(values[0], values[1], result.GetValue(os), result.GetValue(arch), result.GetValue(variant), result.GetValue(annotation) ?? []));
            return 0;
        });
        return command;
    }

    private static VainaCommand CreateInspect(CliContext context)
    {
        var command = new VainaCommand("inspect", "Display the contents of a manifest list or image index", "[options] IMAGE");
        var args = new Argument<string>("IMAGE");
        command.Arguments.Add(args);
        command.SetAction(async (result, ct) =>
        {
            using var engine = context.CreateEngine(result);
            var list = await engine.Images.ManifestInspectAsync(result.GetValue(args)!, new ImagePullRequest(), Console.Error, ct).ConfigureAwait(false);
            WriteInFieldOrder(context.Out, list);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Podman prints the manifest list struct in its field order (schemaVersion, mediaType, manifests; mediaType, size,
    /// digest), indented by 4, where the report writer would sort these lowercase keys as a map's.
    /// </summary>
    private static void WriteInFieldOrder(TextWriter output, JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 4, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            node.WriteTo(writer);
        }

        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n");
    }

    private static VainaCommand CreateExists(CliContext context)
    {
        var command = new VainaCommand("exists", "Check if a manifest list exists in local storage", "MANIFEST");
        var args = new Argument<string>("MANIFEST");
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            return engine.Images.ManifestExists(result.GetValue(args)!) ? 0 : 1;
        });
        return command;
    }

    private static VainaCommand CreateRemove(CliContext context)
    {
        var command = new VainaCommand("remove", "Remove an entry from a manifest list or image index", "LIST IMAGE");
        var args = new Argument<string[]>("LIST") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            var values = result.GetValue(args) ?? [];
            Args.Exactly(2, values);

            using var engine = context.CreateEngine(result);
            context.Out.WriteLine(engine.Images.ManifestRemoveEntry(values[0], values[1]));
            return 0;
        });
        return command;
    }

    private static VainaCommand CreateRm(CliContext context)
    {
        var command = new VainaCommand("rm", "Remove manifest list or image index from local storage", "LIST [LIST...]");
        var args = new Argument<string[]>("LIST") { Arity = ArgumentArity.OneOrMore };
        command.Arguments.Add(args);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            VainaException? last = null;
            foreach (var list in result.GetValue(args)!)
            {
                try
                {
                    var (untagged, deleted) = engine.Images.ManifestDelete(list);
                    foreach (var name in untagged)
                    {
                        context.Out.WriteLine("Untagged: " + name);
                    }

                    context.Out.WriteLine("Deleted: " + deleted);
                }
                catch (VainaException e)
                {
                    if (last is not null)
                    {
                        context.Error.WriteLine("Error: " + last.Message);
                    }

                    last = e;
                }
            }

            return last is null ? 0 : throw last;
        });
        return command;
    }

    private static VainaCommand CreatePush(CliContext context)
    {
        var command = new VainaCommand("push", "Push a manifest list or image index to a registry", "[options] LIST DESTINATION");
        var registry = new RegistryFlags();
        var all = Flags.Bool("--all", null, "push images along with the manifest list", true);
        var digestFile = Flags.String("--digestfile", null, "after copying the image, write the digest of the resulting digest to the file");
        var format = Flags.String("--format", "f", "manifest type (oci or v2s2) to attempt to use when pushing the manifest list (default is manifest type of source)");
        var quiet = Flags.Bool("--quiet", "q", "don't output progress information when pushing lists");
        var rm = Flags.Bool("--rm", null, "remove the manifest list if push succeeds");
        var args = new Argument<string[]>("LIST") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(all);
        registry.AddTo(command);
        command.AddAll(digestFile, format, quiet, rm);
        command.Arguments.Add(args);
        command.SetAction(async (result, ct) =>
        {
            var values = result.GetValue(args) ?? [];
            Args.Between(1, 2, values);

            using var engine = context.CreateEngine(result);
            var request = new ImagePushRequest
            {
                AuthFile = result.GetValue(registry.AuthFile),
                CertDir = result.GetValue(registry.CertDir),
                Credentials = result.GetValue(registry.Creds),
                TlsVerify = registry.TlsVerifyValue(result),
                DigestFile = result.GetValue(digestFile),
                Quiet = result.GetValue(quiet),
            };
            var destination = values.Length == 2 ? values[1] : ImageService.ManifestListName(values[0]);
            await engine.Images.ManifestPushAsync(values[0], destination, request, result.GetValue(rm), ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
