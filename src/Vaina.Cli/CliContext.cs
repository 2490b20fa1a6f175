using System.CommandLine;
using Vaina.Engine;

namespace Vaina.Cli;

/// <summary>What every command's action needs: the global flags, the program's name, and the engine.</summary>
public sealed class CliContext(GlobalFlags globalFlags, string programName)
{
    public GlobalFlags GlobalFlags { get; } = globalFlags;

    /// <summary>The name the user typed (vaina, or podman/docker through a symlink), used in messages.</summary>
    public string ProgramName { get; } = programName;

    /// <summary>Standard output as it is after --noout / --out were applied.</summary>
    public TextWriter Out => Console.Out;

    public TextWriter Error => Console.Error;

    public VainaEngine CreateEngine(ParseResult result) => new(GlobalFlags.ToEngineOptions(result));
}
