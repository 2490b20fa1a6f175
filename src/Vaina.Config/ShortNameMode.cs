namespace Vaina.Config;

/// <summary>registries.conf short-name-mode: how an unqualified, unaliased name is resolved.</summary>
public enum ShortNameMode
{
    /// <summary>Prompt when several candidates exist and a TTY is present, else fail.</summary>
    Enforcing,

    /// <summary>Prompt with a TTY, else try every unqualified-search registry in order.</summary>
    Permissive,

    /// <summary>Try every unqualified-search registry in order; never prompt.</summary>
    Disabled,
}
