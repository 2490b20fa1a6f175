using Vaina.Images.References;

namespace Vaina.Images.Transports;

/// <summary>Parses <c>transport:reference</c> strings with containers/image's alltransports rules and texts.</summary>
public static class TransportParser
{
    /// <summary>The transport named before the first ':' if it is a known one, else null.</summary>
    public static TransportKind? TransportOf(string imageName)
    {
        int i = imageName.IndexOf(':', StringComparison.Ordinal);
        if (i <= 0)
        {
            return null;
        }

        return imageName[..i] switch
        {
            "docker" => TransportKind.Docker,
            "oci" => TransportKind.OciLayout,
            "oci-archive" => TransportKind.OciArchive,
            "docker-archive" => TransportKind.DockerArchive,
            "dir" => TransportKind.Directory,
            "containers-storage" => TransportKind.ContainersStorage,
            _ => null,
        };
    }

    /// <summary>alltransports.ParseImageName.</summary>
    public static TransportReference Parse(string imageName)
    {
        int i = imageName.IndexOf(':', StringComparison.Ordinal);
        if (i < 0)
        {
            throw new InvalidReferenceException($"Invalid image name \"{imageName}\", expected colon-separated transport:reference");
        }

        var kind = TransportOf(imageName) ?? throw new InvalidReferenceException($"Invalid image name \"{imageName}\", unknown transport \"{imageName[..i]}\"");
        var rest = imageName[(i + 1)..];
        return kind switch
        {
            TransportKind.Docker => ParseDocker(rest),
            TransportKind.OciLayout or TransportKind.OciArchive => ParseOci(kind, rest),
            TransportKind.DockerArchive => ParseDockerArchive(rest),
            TransportKind.Directory => new TransportReference(kind, RequirePath(rest, "dir"), null),
            TransportKind.ContainersStorage => ParseContainersStorage(rest),
            _ => throw new InvalidReferenceException(ReferenceErrors.InvalidFormat),
        };
    }

    /// <summary>
    /// What <c>pull</c>/<c>push</c> do with user input: a known transport is parsed as such, anything else
    /// is a docker reference (normalised to docker.io when it has no registry).
    /// </summary>
    public static TransportReference ParseOrDocker(string imageName)
    {
        var kind = TransportOf(imageName);
        if (kind is not null && !(kind == TransportKind.Docker && !imageName.StartsWith("docker://", StringComparison.Ordinal)))
        {
            return Parse(imageName);
        }

        return new TransportReference(TransportKind.Docker, null, ImageReference.ParseNormalized(imageName));
    }

    private static TransportReference ParseDocker(string rest)
    {
        if (!rest.StartsWith("//", StringComparison.Ordinal))
        {
            throw new InvalidReferenceException($"docker: image reference {rest} does not start with //");
        }

        var image = ImageReference.ParseNormalized(rest[2..]);
        return new TransportReference(TransportKind.Docker, null, image);
    }

    private static TransportReference ParseOci(TransportKind kind, string rest)
    {
        int sep = rest.IndexOf(':', StringComparison.Ordinal);
        var path = sep < 0 ? rest : rest[..sep];
        var refName = sep < 0 ? null : rest[(sep + 1)..];
        RequirePath(path, TransportReference.TransportName(kind));
        if (refName is { Length: > 0 } && !IsValidOciRefName(refName))
        {
            throw new InvalidReferenceException($"Invalid image {refName}");
        }

        return new TransportReference(kind, path, null, string.IsNullOrEmpty(refName) ? null : refName);
    }

    private static TransportReference ParseDockerArchive(string rest)
    {
        int sep = rest.IndexOf(':', StringComparison.Ordinal);
        var path = sep < 0 ? rest : rest[..sep];
        RequirePath(path, "docker-archive");
        if (sep < 0 || sep == rest.Length - 1)
        {
            return new TransportReference(TransportKind.DockerArchive, path, null);
        }

        var name = rest[(sep + 1)..];
        if (name.StartsWith('@'))
        {
            if (!int.TryParse(name.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
            {
                throw new InvalidReferenceException($"Invalid source index @{name[1..]}");
            }

            return new TransportReference(TransportKind.DockerArchive, path, null, null, index);
        }

        ImageReference image;
        try
        {
            image = ImageReference.ParseNormalized(name);
        }
        catch (InvalidReferenceException e)
        {
            throw new InvalidReferenceException($"docker-archive parsing reference: {e.Message}");
        }

        if (image.Digest is not null)
        {
            throw new InvalidReferenceException($"docker-archive doesn't support digest references: {name}");
        }

        return new TransportReference(TransportKind.DockerArchive, path, image.WithDefaultTag());
    }

    private static TransportReference ParseContainersStorage(string rest)
    {
        // [driver@graphroot+runroot:options]name: vaina has one store, so a store specifier is accepted and ignored.
        var name = rest;
        if (name.StartsWith('['))
        {
            int close = name.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new InvalidReferenceException($"Invalid image name \"containers-storage:{rest}\"");
            }

            name = name[(close + 1)..];
        }

        if (ImageReference.TryParse(name, out var parsed) && parsed is not null && ImageReference.HasExplicitDomain(parsed))
        {
            return new TransportReference(TransportKind.ContainersStorage, null, parsed.WithDefaultTag(), name);
        }

        return new TransportReference(TransportKind.ContainersStorage, null, null, name);
    }

    private static string RequirePath(string path, string transport)
    {
        if (path.Length == 0)
        {
            throw new InvalidReferenceException($"Invalid image name \"{transport}:\", path is empty");
        }

        return path;
    }

    // image-spec's org.opencontainers.image.ref.name grammar: components of [A-Za-z0-9] joined by [-._:@/+] or "--".
    private static bool IsValidOciRefName(string s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "-._:@/+=".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return char.IsAsciiLetterOrDigit(s[0]) && char.IsAsciiLetterOrDigit(s[^1]);
    }
}
