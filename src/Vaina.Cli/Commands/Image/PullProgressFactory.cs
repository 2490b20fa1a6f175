using Vaina.Engine.Images;
using Vaina.Images.Pull;

namespace Vaina.Cli.Commands.Image;

/// <summary>Per-layer progress bars when stderr is a terminal, Podman's plain lines otherwise.</summary>
public static class PullProgressFactory
{
    public static IProgress<ImageProgress> Create(TextWriter error)
        => Console.IsErrorRedirected ? new PlainTextProgress(error) : new TerminalPullProgress(error);
}
