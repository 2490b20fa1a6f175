namespace Vaina.Build.Instructions;

/// <summary>One name of an ARG line, with its default when written as <c>NAME=default</c>.</summary>
public sealed record ArgDeclaration(string Name, string? Default);
