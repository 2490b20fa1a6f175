using System.Text;
using Vaina.Images.References;

namespace Vaina.Images.ShortNames;

/// <summary>The outcome of resolving a user's image name for a pull.</summary>
public sealed class ShortNameResolution
{
    public ShortNameResolution(string userInput, IReadOnlyList<PullCandidate> candidates, ResolutionRationale rationale, string origin, ImageReference? localMatch = null)
    {
        UserInput = userInput;
        Candidates = candidates;
        Rationale = rationale;
        Origin = origin;
        LocalMatch = localMatch;
    }

    /// <summary>The short name without tag/digest (what an alias is recorded under).</summary>
    public string UserInput { get; }

    public IReadOnlyList<PullCandidate> Candidates { get; }

    public ResolutionRationale Rationale { get; }

    /// <summary>The config file behind the rationale (alias or unqualified-search registries).</summary>
    public string Origin { get; }

    /// <summary>Set when a local image matched: no pull is needed (pull policy missing/newer).</summary>
    public ImageReference? LocalMatch { get; }

    /// <summary>Podman's line before pulling, or empty when nothing is printed.</summary>
    public string Description => Rationale switch
    {
        ResolutionRationale.Alias => $"Resolved \"{UserInput}\" as an alias ({Origin})",
        ResolutionRationale.UnqualifiedSearchRegistries => $"Resolving \"{UserInput}\" using unqualified-search registries ({Origin})",
        _ => string.Empty,
    };

    /// <summary>One error as is; several as Podman lists them.</summary>
    public static VainaException FormatPullErrors(IReadOnlyList<Exception> errors)
    {
        if (errors.Count == 1)
        {
            return errors[0] as VainaException ?? new VainaException(errors[0].Message, inner: errors[0]);
        }

        var sb = new StringBuilder().Append(errors.Count).Append(" errors occurred while pulling:");
        foreach (var e in errors)
        {
            sb.Append("\n * ").Append(e.Message);
        }

        return new VainaException(sb.ToString());
    }
}
