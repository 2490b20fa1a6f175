using System.Diagnostics;

namespace Vaina.Cli.Tests;

/// <summary>
/// policy.json signedBy (GPGKeys, simple signing): `push --sign-by` writes an OpenPGP signature into the lookaside
/// store named by registries.d ($HOME/.config/containers/registries.d), `pull` verifies it with the policy's key.
/// </summary>
[Collection(ImageRegistryCollection.Name)]
public sealed class ImageSignatureTests(FixtureRegistry registry)
{
    [Fact]
    public void SignedPushIsVerifiedOnPullAndEveryFailureIsRejected()
    {
        using var roots = new TempRoots();
        var home = Path.Combine(roots.Base, "home");
        var gnupg = Path.Combine(roots.Base, "gnupg");
        var other = Path.Combine(roots.Base, "gnupg-other");
        var sigstore = Path.Combine(roots.Base, "sigstore");
        Directory.CreateDirectory(Path.Combine(home, ".config", "containers", "registries.d"));
        File.WriteAllText(Path.Combine(home, ".config", "containers", "registries.d", "test.yaml"), $"# test lookaside\ndocker:\n  {registry.Registry}:\n    lookaside: file://{sigstore}\n");
        try
        {
            MakeKey(gnupg, "signer@vaina.invalid");
            MakeKey(other, "stranger@vaina.invalid");
            var publicKey = Path.Combine(roots.Base, "signer.asc");
            File.WriteAllText(publicKey, Gpg(gnupg, "--armor", "--export", "signer@vaina.invalid"));
            var repo = $"{registry.Registry}/vaina-test-{Guid.NewGuid():N}/signed";
            var policy = Path.Combine(roots.Base, "policy.json");
            File.WriteAllText(policy, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}],\"transports\":{\"docker\":{\"" + repo + "\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"" + publicKey + "\"}]}}}");

            Assert.Equal(0, roots.Run("pull", "-q", "--tls-verify=false", $"{registry.Registry}/busybox").ExitCode);
            Assert.Equal(0, roots.Run("pull", "-q", "--tls-verify=false", $"{registry.Registry}/layers").ExitCode);
            var env = new Dictionary<string, string> { ["HOME"] = home, ["GNUPGHOME"] = gnupg };
            var digestFile = Path.Combine(roots.Base, "digest");
            var push = VainaBinary.Run(roots.Args("push", "-q", "--tls-verify=false", "--digestfile", digestFile, "--sign-by", "signer@vaina.invalid", $"{registry.Registry}/busybox", repo + ":1"), null, env);
            Assert.True(push.ExitCode == 0, push.Stderr);
            var signature = Path.Combine(sigstore, repo[(registry.Registry.Length + 1)..] + "@" + File.ReadAllText(digestFile).Trim().Replace(':', '='), "signature-1");
            Assert.True(File.Exists(signature), signature);

            VainaResult Pull(string tag)
            {
                using var fresh = new TempRoots();
                return VainaBinary.Run(fresh.Args("pull", "-q", "--tls-verify=false", "--signature-policy", policy, $"{repo}:{tag}"), null, new Dictionary<string, string> { ["HOME"] = home });
            }

            var good = Pull("1");
            Assert.True(good.ExitCode == 0, good.Stderr);

            // Same manifest under another tag: the signature names :1, so the identity is not accepted.
            Assert.Equal(0, VainaBinary.Run(roots.Args("push", "-q", "--tls-verify=false", $"{registry.Registry}/busybox", repo + ":2"), null, env).ExitCode);
            var identity = Pull("2");
            Assert.Equal(125, identity.ExitCode);
            Assert.Equal($"Error: Source image rejected: Signature for identity {repo}:1 is not accepted\n", identity.Stderr);

            // Another image, unsigned.
            Assert.Equal(0, VainaBinary.Run(roots.Args("push", "-q", "--tls-verify=false", $"{registry.Registry}/layers", repo + ":3"), null, env).ExitCode);
            var unsigned = Pull("3");
            Assert.Equal(125, unsigned.ExitCode);
            Assert.Equal("Error: Source image rejected: A signature was required, but no signature exists\n", unsigned.Stderr);

            // Signed by a key the policy does not trust.
            var stranger = VainaBinary.Run(roots.Args("push", "-q", "--tls-verify=false", "--sign-by", "stranger@vaina.invalid", $"{registry.Registry}/layers", repo + ":4"), null, new Dictionary<string, string> { ["HOME"] = home, ["GNUPGHOME"] = other });
            Assert.True(stranger.ExitCode == 0, stranger.Stderr);
            var untrusted = Pull("4");
            Assert.Equal(125, untrusted.ExitCode);
            Assert.StartsWith("Error: Source image rejected: Invalid GPG signature: ", untrusted.Stderr);

            // A corrupted signature file.
            var bytes = File.ReadAllBytes(signature);
            bytes[bytes.Length / 2] ^= 0x55;
            File.WriteAllBytes(signature, bytes);
            var corrupted = Pull("1");
            Assert.Equal(125, corrupted.ExitCode);
            Assert.StartsWith("Error: Source image rejected: ", corrupted.Stderr);
        }
        finally
        {
            StopAgent(gnupg);
            StopAgent(other);
        }
    }

    private static void MakeKey(string home, string email)
    {
        Assert.Equal(0, FixtureRegistry.Exec("install", "-d", "-m", "0700", home).ExitCode);
        Gpg(home, "--batch", "--passphrase", string.Empty, "--quick-gen-key", $"Vaina Test <{email}>", "ed25519", "sign", "never");
    }

    private static string Gpg(string home, params string[] args)
    {
        var psi = new ProcessStartInfo("gpg") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--homedir");
        psi.ArgumentList.Add(home);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"gpg {string.Join(' ', args)}: {stderr}");
        return stdout.Result;
    }

    private static void StopAgent(string home)
    {
        if (Directory.Exists(home))
        {
            using var p = Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", home, "--kill", "all"]) { RedirectStandardError = true })!;
            p.WaitForExit();
        }
    }
}
