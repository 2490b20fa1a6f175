using Vaina.Build.Expansion;

namespace Vaina.Build.Instructions;

/// <summary><c>HEALTHCHECK NONE</c> or <c>HEALTHCHECK [options] CMD command</c>.</summary>
public sealed record HealthcheckInstruction : Instruction
{
    public override string Keyword => "HEALTHCHECK";

    /// <summary>True for <c>HEALTHCHECK NONE</c> (disables the base image's check).</summary>
    public bool IsNone { get; init; }

    public InstructionCommand? Command { get; init; }

    /// <summary>Null when not given (inherit); zero when given as 0.</summary>
    public TimeSpan? Interval { get; init; }

    public TimeSpan? Timeout { get; init; }

    public TimeSpan? StartPeriod { get; init; }

    public TimeSpan? StartInterval { get; init; }

    public int? Retries { get; init; }
}
