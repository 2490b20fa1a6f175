using Vaina.Engine.Containers;

namespace Vaina.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        // conmon's exit command, `container cleanup ID`, while the command that stopped the container cleans up
        // itself: wait for that command and exit before building anything (CleanupClaim).
        if (args.Length >= 2 && args[^2] == "cleanup" && Environment.GetEnvironmentVariable(CleanupClaim.EnvironmentVariable) is { } claim
            && Path.GetFileName(Path.GetDirectoryName(claim)) == args[^1] && CleanupClaim.WaitForClaimant(claim))
        {
            return 0;
        }

        Terminal.StandardStreams.Install();
        return CliApp.Run(args);
    }
}
