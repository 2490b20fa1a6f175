using System.CommandLine;
using Vaina.Cli.Parsing;
using Vaina.Engine.Volumes;

namespace Vaina.Cli.Commands.Volume;

/// <summary>`volume create [options] [NAME]`: prints the volume's name.</summary>
public static class VolumeCreateCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("create", "Create a new volume", "[options] [NAME]")
        {
            LongDescription = "If using the default driver, \"local\", the volume will be created on the host in the volumes directory under container storage.",
            Examples = "podman volume create myvol\n  podman volume create\n  podman volume create --label foo=bar myvol",
        };
        var driver = Flags.String("--driver", "d", "Volume driver", "local");
        var ignore = Flags.Bool("--ignore", null, "Don't fail if volume already exists");
        var label = Flags.StringArray("--label", "l", "Set metadata for a volume (default [])");
        var opt = Flags.StringArray("--opt", "o", "Set driver specific options (default [])");
        var name = new Argument<string?>("NAME") { Arity = ArgumentArity.ZeroOrOne };
        command.AddAll(driver, ignore, label, opt);
        command.Arguments.Add(name);
        command.SetAction(result =>
        {
            using var engine = context.CreateEngine(result);
            var volume = engine.Volumes.Create(new VolumeCreateOptions
            {
                Name = result.GetValue(name),
                Driver = result.GetValue(driver) ?? "local",
                Labels = KeyValues(result.GetValue(label) ?? [], "label"),
                Options = KeyValues(result.GetValue(opt) ?? [], "opt"),
                IgnoreIfExists = result.GetValue(ignore),
            });
            context.Out.WriteLine(volume.Name);
            return 0;
        });
        return command;
    }

    /// <summary>KEY=VALUE (or KEY alone, an empty value) as Podman's parse.GetAllLabels / options reader.</summary>
    internal static Dictionary<string, string> KeyValues(IEnumerable<string> values, string what)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            int eq = value.IndexOf('=', StringComparison.Ordinal);
            if (what == "opt" && eq < 0)
            {
                // Podman accepts bare options such as `-o nocopy` as o=nocopy.
                map["o"] = map.TryGetValue("o", out var o) ? o + "," + value : value;
                continue;
            }

            var key = eq < 0 ? value : value[..eq];
            if (key.Length == 0)
            {
                throw new VainaException($"invalid {what} format: \"{value}\"");
            }

            map[key] = eq < 0 ? string.Empty : value[(eq + 1)..];
        }

        return map;
    }
}
