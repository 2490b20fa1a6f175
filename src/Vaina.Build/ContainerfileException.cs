namespace Vaina.Build;

/// <summary>A Containerfile error located at a line: <c>Containerfile:7: unknown instruction: FOO</c>.</summary>
public sealed class ContainerfileException : VainaException
{
    public ContainerfileException(string fileName, int line, string detail, Exception? inner = null)
        : base($"{fileName}:{line}: {detail}", EngineExitCode, inner)
    {
        FileName = fileName;
        Line = line;
        Detail = detail;
    }

    public string FileName { get; }

    public int Line { get; }

    /// <summary>The message without the location.</summary>
    public string Detail { get; }
}
