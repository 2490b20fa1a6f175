namespace Vaina.Vm.Tests;

/// <summary>One recorded command of guest.sh: its exit status, stdout and stderr.</summary>
public sealed record GuestStep(string Name, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"step {Name}: exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    /// <summary>Asserts exit 0 and returns the trimmed stdout.</summary>
    public string Ok()
    {
        Assert.True(ExitCode == 0, ToString());
        return Stdout.Trim();
    }
}
