namespace Vaina.Engine.Containers;

/// <summary>The engine's container operations, shared by the CLI and the REST API.</summary>
public sealed class ContainerService
{
    private readonly VainaEngine _engine;

    internal ContainerService(VainaEngine engine)
    {
        _engine = engine;
    }

    internal VainaEngine Engine => _engine;
}
