namespace Vaina.Images.References;

/// <summary>An image reference that does not follow the grammar; the message is distribution's text.</summary>
public sealed class InvalidReferenceException : VainaException
{
    public InvalidReferenceException(string message)
        : base(message)
    {
    }
}
