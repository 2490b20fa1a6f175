namespace Vaina.Build.Instructions;

/// <summary>One <c>key=value</c> of ENV or LABEL (raw before expansion: quotes still present).</summary>
public sealed record KeyValue(string Key, string Value);
