namespace Vaina.Engine.Networks;

/// <summary>The engine's network operations, shared by the CLI and the REST API.</summary>
public sealed class NetworkService
{
    private readonly VainaEngine _engine;

    internal NetworkService(VainaEngine engine)
    {
        _engine = engine;
    }

    internal VainaEngine Engine => _engine;
}
