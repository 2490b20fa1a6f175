namespace Vaina.Runtime.Spec;

/// <summary>linux.personality: the execution domain (LINUX or LINUX32) of the container's processes.</summary>
public sealed class SpecPersonality
{
    public string Domain { get; set; } = "LINUX";

    public List<string>? Flags { get; set; }
}
