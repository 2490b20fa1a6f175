using System.Text.Json.Serialization;

namespace Vaina.Runtime.Spec;

/// <summary>The container process (config.json process, also an exec process.json).</summary>
public sealed class SpecProcess
{
    public bool? Terminal { get; set; }

    public SpecConsoleSize? ConsoleSize { get; set; }

    public SpecUser User { get; set; } = new();

    public List<string> Args { get; set; } = [];

    public List<string>? Env { get; set; }

    public string Cwd { get; set; } = "/";

    public SpecCapabilities? Capabilities { get; set; }

    public List<SpecRlimit>? Rlimits { get; set; }

    public bool? NoNewPrivileges { get; set; }

    public string? ApparmorProfile { get; set; }

    public int? OomScoreAdj { get; set; }

    public string? SelinuxLabel { get; set; }
}
