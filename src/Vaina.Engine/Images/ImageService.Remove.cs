using Vaina.Images.References;
using Vaina.Storage.Images;

namespace Vaina.Engine.Images;

public sealed partial class ImageService
{
    /// <summary>
    /// Removes a container for `rmi -f` of an image in use; null = the engine's container service (force, the
    /// container's own stop timeout), as Podman's RemoveContainersForImageCallback does.
    /// </summary>
    public Func<string, CancellationToken, Task>? RemoveContainerAsync { get; set; }

    /// <summary>
    /// `rmi`: a name removes that name only (the image goes with its last name); an id removes the image with all
    /// its names (-f needed when it has several). -a removes every image; -i ignores unknown images.
    /// Podman's exit codes: 1 unknown image, 2 in use by a container, 125 other failures.
    /// </summary>
    public async Task<ImageRemoveReport> RemoveAsync(IReadOnlyList<string> names, bool all, bool force, bool ignore, CancellationToken ct)
    {
        InstallInUseCheck();
        var report = new ImageRemoveReport();
        var targets = new List<(string Input, ImageRecord? Image)>();
        if (all)
        {
            // Children first, so that a parent's layers are released by the time it is deleted.
            foreach (var image in Store.List().OrderByDescending(i => i.LayerIds.Count))
            {
                targets.Add((image.Id, image));
            }
        }
        else
        {
            foreach (var name in names)
            {
                targets.Add((name, TryResolveInstanceOrList(name)));
            }
        }

        foreach (var (input, found) in targets)
        {
            if (found is null)
            {
                if (!ignore)
                {
                    report.Errors.Add(new VainaException($"{input}: image not known", 1));
                }

                continue;
            }

            try
            {
                await RemoveOneAsync(input, found, byName: !all && !IsIdReference(input, found), force, report, ct).ConfigureAwait(false);
            }
            catch (VainaException e)
            {
                report.Errors.Add(e);
            }
        }

        report.ExitCode = report.Errors.Count == 0 ? 0
            : report.Errors.Any(e => e.ExitCode is not (1 or 2)) ? 125
            : report.Errors.Any(e => e.ExitCode == 2) ? 2
            : 1;
        return report;
    }

    private async Task RemoveOneAsync(string input, ImageRecord image, bool byName, bool force, ImageRemoveReport report, CancellationToken ct)
    {
        image = Store.TryGetById(image.Id) ?? throw new VainaException($"{input}: image not known", 1);
        if (byName && image.Names.Count > 1)
        {
            var name = NameMatching(image, input);
            if (name is not null)
            {
                Store.RemoveName(name);
                report.Untagged.Add(name);
                return;
            }
        }

        if (!byName && image.Names.Count > 1 && !force)
        {
            throw new VainaException($"unable to delete image \"{image.Id}\" by ID with more than one tag ([{string.Join(' ', image.Names)}]): please force removal", 125);
        }

        var users = ContainersUsing(image.Id);
        if (users.Count > 0)
        {
            if (!force)
            {
                throw new VainaException($"image used by {users[0]}: image is in use by a container: consider listing external containers and force-removing image", 2);
            }

            var remove = RemoveContainerAsync ?? RemoveContainerWithEngineAsync;
            foreach (var container in users)
            {
                await remove(container, ct).ConfigureAwait(false);
            }
        }

        if (ChildrenOf(image, Store.List()).Any())
        {
            throw new VainaException($"image has dependent child images", 2);
        }

        try
        {
            Store.Delete(image.Id);
        }
        catch (VainaException e) when (e.Message.Contains("in use by a container", StringComparison.Ordinal))
        {
            throw new VainaException(e.Message, 2);
        }

        report.Untagged.AddRange(image.Names);
        report.Deleted.Add(image.Id);
    }

    private Task RemoveContainerWithEngineAsync(string id, CancellationToken ct)
        => _engine.Containers.Records.TryGet(id) is null
            ? Task.CompletedTask
            : _engine.Containers.RemoveAsync(id, force: true, timeout: null, ct);

    /// <summary>Podman's rule: input that is the image's id (or an id prefix) removes the image, a name removes a name.</summary>
    private static bool IsIdReference(string input, ImageRecord image)
    {
        var s = input.StartsWith("sha256:", StringComparison.Ordinal) ? input[7..] : input;
        return s.Length > 0 && image.Id.StartsWith(s, StringComparison.Ordinal) && !image.Names.Contains(input);
    }

    private string? NameMatching(ImageRecord image, string input)
    {
        if (image.Names.Contains(input))
        {
            return input;
        }

        foreach (var candidate in LocalCandidates(input))
        {
            if (image.Names.Contains(candidate))
            {
                return candidate;
            }
        }

        // Repo-tag match (busybox -> 127.0.0.1:5100/busybox:latest).
        if (ImageReference.TryParse(input, out var parsed) && parsed is not null && !ImageReference.HasExplicitDomain(parsed))
        {
            var suffix = "/" + parsed.Path + ":" + (parsed.Tag ?? ImageReference.DefaultTag);
            return image.Names.FirstOrDefault(n => n.EndsWith(suffix, StringComparison.Ordinal));
        }

        return null;
    }

    private IEnumerable<string> LocalCandidates(string input)
    {
        IReadOnlyList<ImageReference> candidates;
        try
        {
            candidates = ShortNameResolverFor().ResolveLocally(input);
        }
        catch (VainaException)
        {
            yield break;
        }

        foreach (var c in candidates)
        {
            yield return c.ToString();
        }
    }

    private void InstallInUseCheck()
    {
        Store.IsInUse ??= (_, _, id) => ContainersUsing(id).FirstOrDefault();
    }

    /// <summary>`tag IMAGE TARGET...`: adds names (normalised: localhost/ for names without a registry, :latest).</summary>
    public void Tag(string nameOrId, IReadOnlyList<string> targets)
    {
        var image = TryResolveRecord(nameOrId) ?? throw new VainaException($"{nameOrId}: image not known");
        foreach (var target in targets)
        {
            Store.AddName(image.Id, NormalizeTarget(target));
        }
    }

    /// <summary>`untag IMAGE [NAME...]`: removes the given names, or all names.</summary>
    public void Untag(string nameOrId, IReadOnlyList<string> names)
    {
        var image = TryResolveRecord(nameOrId) ?? throw new VainaException($"{nameOrId}: image not known");
        if (names.Count == 0)
        {
            foreach (var name in image.Names)
            {
                Store.RemoveName(name);
            }

            return;
        }

        foreach (var name in names)
        {
            var normalized = NormalizeTarget(name);
            var current = Store.TryGetById(image.Id);
            if (current is null || !current.Names.Contains(normalized))
            {
                throw new VainaException($"{normalized}: tag not known");
            }

            Store.RemoveName(normalized);
        }
    }

    private static string NormalizeTarget(string target)
    {
        try
        {
            var parsed = ImageReference.NormalizeLocalName(target);
            if (parsed.Digest is not null)
            {
                throw new VainaException($"normalizing name \"{target}\": tag by digest not supported");
            }

            return parsed.ToString();
        }
        catch (InvalidReferenceException e)
        {
            throw new VainaException($"normalizing name \"{target}\": {e.Message}", inner: e);
        }
    }

    /// <summary>
    /// `image prune`: removes dangling images (all images without a container with <paramref name="all"/>) not used
    /// by containers, repeating while removals make more images prunable. Returns the ids removed.
    /// </summary>
    public IReadOnlyList<string> Prune(bool all, IReadOnlyList<string> filters)
    {
        InstallInUseCheck();
        var removed = new List<string>();
        while (true)
        {
            var images = Store.List();
            var selected = List(new ImageListOptions { All = true, Filters = filters });
            var candidates = selected
                .Where(i => all || IsDangling(i))
                .Where(i => ContainersUsing(i.Id).Count == 0)
                .Where(i => !ChildrenOf(i, images).Any())
                .ToList();
            if (candidates.Count == 0)
            {
                return removed;
            }

            foreach (var image in candidates)
            {
                Store.Delete(image.Id);
                removed.Add(image.Id);
            }
        }
    }
}
