using System.CommandLine;

namespace Vaina.Cli.Parsing;

/// <summary>
/// A command with what Podman's help shows beyond System.CommandLine's model: the usage line,
/// a long description, examples, and whether option parsing stops at the first argument
/// (cobra's SetInterspersed(false), so that `run IMAGE ls -l` passes `-l` to the container).
/// </summary>
public class VainaCommand : Command
{
    public VainaCommand(string name, string shortDescription, string? usage = null)
        : base(name, shortDescription)
    {
        Usage = usage;
    }

    /// <summary>What follows the command path in the Usage line, e.g. "[options] IMAGE [COMMAND [ARG...]]".</summary>
    public string? Usage { get; set; }

    public string? LongDescription { get; set; }

    public string? Examples { get; set; }

    public bool StopsAtFirstArgument { get; set; }

    /// <summary>Hidden commands (aliases of another command) are left out of the parent's command list.</summary>
    public bool HiddenFromList { get; set; }

    public void AddAll(params Option[] options)
    {
        foreach (var option in options)
        {
            Options.Add(option);
        }
    }
}
