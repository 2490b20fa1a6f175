namespace Vaina.Engine.Images;

/// <summary>The engine's image operations, shared by the CLI and the REST API.</summary>
public sealed class ImageService
{
    private readonly VainaEngine _engine;

    internal ImageService(VainaEngine engine)
    {
        _engine = engine;
    }

    internal VainaEngine Engine => _engine;
}
