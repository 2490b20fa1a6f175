using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Vaina.Images.References;

namespace Vaina.Images.Policy;

/// <summary>
/// containers/image "simple signing" (policy.json <c>signedBy</c> with <c>keyType: GPGKeys</c>): OpenPGP-signed JSON
/// documents naming a manifest digest and a docker reference, kept in a lookaside store (containers-registries.d(5)):
/// BASE/REPO-PATH@sha256=HEX/signature-N, N = 1, 2, ... Verification runs gpg against a keyring made only of the
/// policy's keys (keyPath, keyPaths or keyData) in a private temporary GNUPGHOME; signing (push --sign-by) uses the
/// caller's own keyring. Lookasides: file:// and http(s)://.
/// </summary>
public static class SimpleSigning
{
    public const string SignatureType = "atomic container signature";

    /// <summary>BASE/PATH@sha256=HEX/signature-N (N from 1).</summary>
    public static string SignatureLocation(string lookaside, ImageReference reference, string manifestDigest, int number)
    {
        var algorithmAndHex = manifestDigest.Replace(':', '=');
        return $"{lookaside.TrimEnd('/')}/{reference.Path}@{algorithmAndHex}/signature-{number}";
    }

    /// <summary>Every signature stored for the manifest (none when there is no lookaside or nothing is stored there).</summary>
    public static async Task<IReadOnlyList<byte[]>> ReadSignaturesAsync(string? lookaside, ImageReference reference, string manifestDigest, CancellationToken ct)
    {
        var result = new List<byte[]>();
        if (string.IsNullOrEmpty(lookaside))
        {
            return result;
        }

        using var http = lookaside.StartsWith("http", StringComparison.Ordinal) ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : null;
        for (int n = 1; n <= 128; n++)
        {
            var location = SignatureLocation(lookaside, reference, manifestDigest, n);
            if (location.StartsWith("file://", StringComparison.Ordinal))
            {
                var path = new Uri(location).LocalPath;
                if (!File.Exists(path))
                {
                    break;
                }

                result.Add(await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false));
            }
            else if (http is not null)
            {
                using var response = await http.GetAsync(location, ct).ConfigureAwait(false);
                if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    break;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new VainaException($"reading signature from {location}: status {(int)response.StatusCode} ({response.ReasonPhrase})");
                }

                result.Add(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false));
            }
            else
            {
                throw new VainaException($"Unsupported scheme when reading signatures from {location}");
            }
        }

        return result;
    }

    /// <summary>
    /// Verifies a signedBy requirement as containers/image does; throws "Source image rejected: ..." with its reasons
    /// when no signature is accepted.
    /// </summary>
    public static void Verify(JsonElement requirement, ImageReference reference, string manifestDigest, IReadOnlyList<byte[]> signatures)
    {
        var keyType = requirement.TryGetProperty("keyType", out var kt) ? kt.GetString() : null;
        if (keyType != "GPGKeys")
        {
            throw new VainaException($"Source image rejected: Unknown key type \"{keyType}\"");
        }

        if (signatures.Count == 0)
        {
            throw new VainaException("Source image rejected: A signature was required, but no signature exists");
        }

        var home = Directory.CreateTempSubdirectory("vaina-gpg-").FullName;
        try
        {
            var fingerprints = ImportKeys(home, requirement);
            var rejections = new List<string>();
            for (int i = 0; i < signatures.Count; i++)
            {
                var reason = Check(home, fingerprints, requirement, reference, manifestDigest, signatures[i], i);
                if (reason is null)
                {
                    return;
                }

                rejections.Add(reason);
            }

            throw new VainaException("Source image rejected: " + (rejections.Count == 1 ? rejections[0] : "None of the signatures were accepted, reasons: " + string.Join("; ", rejections)));
        }
        finally
        {
            StopAgent(home);
            try
            {
                Directory.Delete(home, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>`push --sign-by KEY`: signs (manifest digest, destination) with the caller's gpg key and stores the signature in the lookaside staging store.</summary>
    public static string Sign(string keyIdentity, ImageReference destination, string manifestDigest, string? staging, string creator)
    {
        if (string.IsNullOrEmpty(staging))
        {
            staging = "file:///var/lib/containers/sigstore";
        }

        if (!staging.StartsWith("file://", StringComparison.Ordinal))
        {
            throw new VainaException($"writing signatures to {staging}: only file:// lookaside-staging locations can be written");
        }

        var payload = "{\"critical\":{\"identity\":{\"docker-reference\":" + JsonString(destination.ToString()) + "},\"image\":{\"docker-manifest-digest\":" + JsonString(manifestDigest)
            + "},\"type\":\"" + SignatureType + "\"},\"optional\":{\"creator\":" + JsonString(creator) + ",\"timestamp\":" + DateTimeOffset.UtcNow.ToUnixTimeSeconds() + "}}";
        var work = Directory.CreateTempSubdirectory("vaina-sign-").FullName;
        try
        {
            var input = Path.Combine(work, "payload");
            var output = Path.Combine(work, "signature");
            File.WriteAllText(input, payload);
            var (code, _, stderr) = Gpg(null, "--batch", "--yes", "--local-user", keyIdentity, "--output", output, "--sign", input);
            if (code != 0 || !File.Exists(output))
            {
                throw new VainaException($"creating signature: signing with key {keyIdentity}: {LastLine(stderr)}");
            }

            int n = 1;
            string target;
            while (File.Exists(target = new Uri(SignatureLocation(staging, destination, manifestDigest, n)).LocalPath))
            {
                n++;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temp = target + ".tmp-" + Environment.ProcessId;
            File.Copy(output, temp, overwrite: true);
            File.Move(temp, target);
            return target;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string? Check(string home, HashSet<string> fingerprints, JsonElement requirement, ImageReference reference, string manifestDigest, byte[] signature, int index)
    {
        var file = Path.Combine(home, $"signature-{index + 1}");
        var plain = file + ".json";
        File.WriteAllBytes(file, signature);
        var (code, _, stderr) = Gpg(home, "--batch", "--status-fd", "2", "--yes", "--output", plain, "--decrypt", file);
        string? signer = null;
        foreach (var line in stderr.Split('\n'))
        {
            if (line.StartsWith("[GNUPG:] VALIDSIG ", StringComparison.Ordinal))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                signer = fields[^1];
            }
        }

        if (code != 0 || signer is null || !File.Exists(plain))
        {
            return $"Invalid GPG signature: {LastLine(stderr.Split('\n').Where(l => !l.StartsWith("[GNUPG:]", StringComparison.Ordinal)).LastOrDefault(l => l.Trim().Length > 0) ?? "not signed by a trusted key")}";
        }

        if (!fingerprints.Contains(signer))
        {
            return $"Signature by key {signer} is not accepted";
        }

        string type, signedDigest, signedReference;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(plain));
            var critical = doc.RootElement.GetProperty("critical");
            type = critical.GetProperty("type").GetString() ?? string.Empty;
            signedDigest = critical.GetProperty("image").GetProperty("docker-manifest-digest").GetString() ?? string.Empty;
            signedReference = critical.GetProperty("identity").GetProperty("docker-reference").GetString() ?? string.Empty;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"Invalid signature format: {e.Message}";
        }

        if (type != SignatureType)
        {
            return $"Unrecognized signature type {type}";
        }

        if (!string.Equals(signedDigest, manifestDigest, StringComparison.Ordinal))
        {
            return $"Signature for docker manifest digest \"{signedDigest}\" does not match";
        }

        return IdentityAccepted(requirement, reference, signedReference) ? null : $"Signature for identity {signedReference} is not accepted";
    }

    /// <summary>signedIdentity: matchRepoDigestOrExact (default), matchExact, matchRepository, exactReference, exactRepository.</summary>
    private static bool IdentityAccepted(JsonElement requirement, ImageReference image, string signed)
    {
        if (!ImageReference.TryParse(signed, out var signedReference) || signedReference is null)
        {
            return false;
        }

        var kind = "matchRepoDigestOrExact";
        JsonElement identity = default;
        if (requirement.TryGetProperty("signedIdentity", out identity) && identity.TryGetProperty("type", out var t))
        {
            kind = t.GetString() ?? kind;
        }

        switch (kind)
        {
            case "matchExact":
                return image.Digest is null && image.Tag is not null && image.ToString() == signedReference.ToString();
            case "matchRepoDigestOrExact":
                return image.Digest is not null ? image.Name == signedReference.Name : image.ToString() == signedReference.ToString();
            case "matchRepository":
                return image.Name == signedReference.Name;
            case "exactReference":
                return identity.TryGetProperty("dockerReference", out var r) && r.GetString() is { } exact
                    && ImageReference.TryParse(exact, out var wanted) && wanted is not null && wanted.ToString() == signedReference.ToString();
            case "exactRepository":
                return identity.TryGetProperty("dockerRepository", out var repo) && repo.GetString() is { } repository
                    && ImageReference.TryParse(repository, out var wantedRepo) && wantedRepo is not null && wantedRepo.Name == signedReference.Name;
            default:
                throw new VainaException($"Source image rejected: unsupported signedIdentity type \"{kind}\"");
        }
    }

    private static HashSet<string> ImportKeys(string home, JsonElement requirement)
    {
        var files = new List<string>();
        if (requirement.TryGetProperty("keyPath", out var keyPath) && keyPath.GetString() is { Length: > 0 } path)
        {
            files.Add(path);
        }

        if (requirement.TryGetProperty("keyPaths", out var keyPaths) && keyPaths.ValueKind == JsonValueKind.Array)
        {
            files.AddRange(keyPaths.EnumerateArray().Select(p => p.GetString() ?? string.Empty).Where(p => p.Length > 0));
        }

        if (requirement.TryGetProperty("keyData", out var keyData) && keyData.GetString() is { Length: > 0 } data)
        {
            var file = Path.Combine(home, "keydata");
            File.WriteAllBytes(file, Convert.FromBase64String(data));
            files.Add(file);
        }

        int sources = (requirement.TryGetProperty("keyPath", out _) ? 1 : 0) + (requirement.TryGetProperty("keyPaths", out _) ? 1 : 0) + (requirement.TryGetProperty("keyData", out _) ? 1 : 0);
        if (sources != 1 || files.Count == 0)
        {
            throw new VainaException("Source image rejected: invalid policy: signedBy needs exactly one of keyPath, keyPaths and keyData");
        }

        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new VainaException($"Source image rejected: open {file}: no such file or directory");
            }

            var (code, _, stderr) = Gpg(home, "--batch", "--import", file);
            if (code != 0)
            {
                throw new VainaException($"Source image rejected: importing keys from {file}: {LastLine(stderr)}");
            }
        }

        var (_, listing, _) = Gpg(home, "--batch", "--with-colons", "--fingerprint", "--list-keys");
        var fingerprints = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        bool primary = false;
        foreach (var line in listing.Split('\n'))
        {
            if (line.StartsWith("pub:", StringComparison.Ordinal))
            {
                primary = true;
            }
            else if (line.StartsWith("sub:", StringComparison.Ordinal))
            {
                primary = false;
            }
            else if (line.StartsWith("fpr:", StringComparison.Ordinal) && primary)
            {
                fingerprints.Add(line.Split(':')[9]);
            }
        }

        if (fingerprints.Count == 0)
        {
            throw new VainaException("Source image rejected: No public keys imported");
        }

        return fingerprints;
    }

    private static (int Code, string Stdout, string Stderr) Gpg(string? home, params string[] args)
    {
        var psi = new ProcessStartInfo("gpg") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (home is not null)
        {
            psi.ArgumentList.Add("--homedir");
            psi.ArgumentList.Add(home);
            psi.ArgumentList.Add("--no-autostart");
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new VainaException($"signature verification needs gpg: {e.Message}", inner: e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr);
        }
    }

    private static void StopAgent(string home)
    {
        if (Directory.EnumerateFileSystemEntries(home, "S.gpg-agent*").Any())
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", home, "--kill", "all"]) { RedirectStandardError = true, RedirectStandardOutput = true });
                p?.WaitForExit();
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
    }

    private static string LastLine(string text) => text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "failed";

    private static string JsonString(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' or '<' or '>' or '&' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
