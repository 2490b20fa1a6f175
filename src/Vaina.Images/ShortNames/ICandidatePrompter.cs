namespace Vaina.Images.ShortNames;

/// <summary>
/// The terminal side of short-name resolution, implemented by the CLI: Podman shows
/// <c>? Please select an image:</c> with an arrow-key list of the candidates.
/// </summary>
public interface ICandidatePrompter
{
    /// <summary>True when both stdin and stdout are terminals.</summary>
    bool CanPrompt { get; }

    /// <summary>Lets the user pick one of <paramref name="items"/>; returns the chosen item. Throws when aborted (Ctrl-C).</summary>
    string Select(string label, IReadOnlyList<string> items);
}
