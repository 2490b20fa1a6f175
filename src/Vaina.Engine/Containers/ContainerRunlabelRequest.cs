using Vaina.Engine.Images;

namespace Vaina.Engine.Containers;

/// <summary>What `container runlabel` passes to <see cref="ContainerService.RunlabelAsync"/>.</summary>
public sealed class ContainerRunlabelRequest
{
    public required string Label { get; init; }

    public required string Image { get; init; }

    /// <summary>Words appended to the label's command.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>--name: the value of $NAME (else the image's base name without its tag).</summary>
    public string? Name { get; init; }

    /// <summary>--display: print the command instead of running it.</summary>
    public bool Display { get; init; }

    /// <summary>--quiet: no pull progress, and the command's output is discarded.</summary>
    public bool Quiet { get; init; }

    /// <summary>--replace: a container named by the command's --name is removed first.</summary>
    public bool Replace { get; init; }

    /// <summary>--pull (hidden, default true): pull the image when it is missing.</summary>
    public bool Pull { get; init; } = true;

    /// <summary>Hidden --opt1/--opt2/--opt3: $OPT1..$OPT3 in the label.</summary>
    public string? Opt1 { get; init; }

    public string? Opt2 { get; init; }

    public string? Opt3 { get; init; }

    public ImagePullRequest PullOptions { get; init; } = new();

    /// <summary>The program path that stands for podman/docker/vaina in the label (this executable).</summary>
    public required string Self { get; init; }

    /// <summary>How the user invoked this program (argv[0]), shown by --display in place of it.</summary>
    public required string SelfName { get; init; }
}
