using Vaina.Config;
using Vaina.Images.References;

namespace Vaina.Images.Pull;

/// <summary>One place to fetch an image from (a mirror or the registry itself), with the mirror's insecure flag.</summary>
public sealed record PullSourceReference(ImageReference Reference, bool? Insecure)
{
    /// <summary>registries.conf's [[registry]] prefix/location/mirror rewriting for a reference.</summary>
    public static IReadOnlyList<PullSourceReference> FromConfig(RegistriesConfig registries, ImageReference reference)
        => registries.PullSources(reference.ToString())
            .Select(s => new PullSourceReference(ImageReference.Parse(s.Reference), s.IsMirror ? s.Insecure : null))
            .ToList();
}
