namespace Vaina.Build.Instructions;

/// <summary>
/// The command of RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD: exec form (a JSON array, run as is) or shell form
/// (one string, run with the stage's SHELL).
/// </summary>
public sealed record InstructionCommand(IReadOnlyList<string> Arguments, bool IsExecForm)
{
    public static InstructionCommand Shell(string command) => new([command], false);

    public static InstructionCommand Exec(IReadOnlyList<string> args) => new(args, true);

    /// <summary>The argv to run: exec form as is, shell form appended to <paramref name="shell"/>.</summary>
    public IReadOnlyList<string> ToArgv(IReadOnlyList<string> shell) =>
        IsExecForm ? Arguments : [.. shell, .. Arguments];

    public bool Equals(InstructionCommand? other) =>
        other is not null && IsExecForm == other.IsExecForm && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(IsExecForm, Arguments.Count);
}
