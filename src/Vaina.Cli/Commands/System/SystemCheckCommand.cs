using System.Text;
using Vaina.Cli.Parsing;
using Vaina.Engine.Images;
using Vaina.Engine.System;

namespace Vaina.Cli.Commands.System;

/// <summary>
/// `system check [--force] [--max DURATION] [--quick] [--repair]`: Podman 5's storage check (4.3.1 has none).
/// Damage is printed as Podman prints it; without --repair/--force damage fails with 125, and after a repair a
/// second check must come back clean.
/// </summary>
internal static class SystemCheckCommand
{
    public static VainaCommand Create(CliContext context)
    {
        var command = new VainaCommand("check", "Check storage consistency", "[options]")
        {
            LongDescription = "\n\tpodman system check\n\n        Check storage for consistency and remove anything that looks damaged\n",
            Examples = "podman system check",
        };
        var force = Flags.Bool("--force", "f", "Remove inconsistent images and containers");
        var max = Flags.String("--max", "m", "Maximum allowed age of unreferenced layers", "24h0m0s");
        var quick = Flags.Bool("--quick", "q", "Skip time-consuming checks. The default is to include time-consuming checks");
        var repair = Flags.Bool("--repair", "r", "Remove inconsistent images");
        command.AddAll(force, max, quick, repair);
        command.SetAction(async (result, ct) =>
        {
            var maxText = result.GetValue(max) ?? "24h0m0s";
            if (!GoDuration.TryParse(maxText, out var maxAge))
            {
                throw new VainaException($"invalid argument \"{maxText}\" for \"-m, --max\" flag: time: invalid duration \"{maxText}\"");
            }

            var options = new StorageCheckOptions
            {
                Force = result.GetValue(force),
                Quick = result.GetValue(quick),
                Repair = result.GetValue(repair),
                MaxUnreferencedAge = maxAge,
            };
            using var engine = context.CreateEngine(result);
            var report = await engine.System.CheckStorageAsync(options, ct).ConfigureAwait(false);
            context.Out.Write(Render(report));
            foreach (var error in report.RepairErrors)
            {
                context.Error.WriteLine("WARN[0000] " + error);
            }

            if (!options.Repair && !options.Force)
            {
                return report.Errors ? throw new VainaException("damage detected in local storage") : 0;
            }

            var recheck = await engine.System.CheckStorageAsync(options with { Repair = false, Force = false }, ct).ConfigureAwait(false);
            return recheck.Errors ? throw new VainaException("damage in local storage still present after repair attempt") : 0;
        });
        return command;
    }

    /// <summary>Podman's printSystemCheckResults: each damaged item with its errors as a go-multierror list.</summary>
    internal static string Render(StorageCheckReport report)
    {
        var text = new StringBuilder();
        if (!report.Errors)
        {
            return string.Empty;
        }

        foreach (var (id, errors) in report.Layers)
        {
            text.Append($"Damaged layer {id}:\n").Append(MultiError(errors));
        }

        foreach (var id in report.RemovedLayers)
        {
            text.Append($"Deleted damaged layer: {id}\n");
        }

        foreach (var (id, errors) in report.Images)
        {
            text.Append($"Damaged image {id}:\n").Append(MultiError(errors));
        }

        foreach (var id in report.RemovedImages)
        {
            text.Append($"Deleted damaged image: {id}\n");
        }

        foreach (var (id, errors) in report.Containers)
        {
            text.Append($"Damaged container {id}:\n").Append(MultiError(errors));
        }

        foreach (var id in report.RemovedContainers)
        {
            text.Append($"Deleted damaged container: {id}\n");
        }

        return text.ToString();
    }

    private static string MultiError(List<string> errors)
        => errors.Count == 1
            ? $"1 error occurred:\n\t* {errors[0]}\n\n"
            : $"{errors.Count} errors occurred:\n\t{string.Join("\n\t", errors.Select(e => "* " + e))}\n\n";
}
