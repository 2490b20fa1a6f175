namespace Vaina.Formatting.Templates;

/// <summary>A Go text/template parse or execution error, worded as Go words it.</summary>
public sealed class TemplateException : VainaException
{
    public TemplateException(string message)
        : base(message, EngineExitCode)
    {
    }
}
