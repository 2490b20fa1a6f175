namespace Vaina.Storage.Layers;

/// <summary>How a layer's whiteouts end up on disk.</summary>
public enum WhiteoutFormat
{
    /// <summary>Overlay diff dir: whiteouts as 0/0 char devices, opaque dirs as trusted.overlay.opaque=y.</summary>
    Overlay,

    /// <summary>Full tree (vfs): whiteouts and opaque markers remove the lower content.</summary>
    Apply,
}
