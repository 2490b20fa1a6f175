using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vaina.Images.Registry;

/// <summary>
/// TLS settings for one registry host: system CAs plus <c>*.crt</c> from the cert dir (certs.d/HOST:PORT or
/// <c>--cert-dir</c>), and a client certificate from <c>*.cert</c> + <c>*.key</c> pairs, as containers/image does.
/// </summary>
public static class RegistryTlsConfigurator
{
    public static string? FindCertDir(string host, RegistryClientOptions options)
    {
        if (!string.IsNullOrEmpty(options.CertDir))
        {
            return options.CertDir;
        }

        foreach (var root in options.CertsDRoots)
        {
            var dir = Path.Combine(root, host);
            if (Directory.Exists(dir))
            {
                return dir;
            }
        }

        return null;
    }

    public static void Configure(SslClientAuthenticationOptions ssl, string host, RegistryClientOptions options, bool verify)
    {
        var extraRoots = new X509Certificate2Collection();
        var dir = FindCertDir(host, options);
        if (dir is not null && Directory.Exists(dir))
        {
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".crt", StringComparison.Ordinal))
                {
                    extraRoots.ImportFromPemFile(file);
                }
                else if (file.EndsWith(".cert", StringComparison.Ordinal))
                {
                    var key = file[..^".cert".Length] + ".key";
                    if (!File.Exists(key))
                    {
                        throw new VainaException($"missing key {Path.GetFileName(key)} for client certificate {Path.GetFileName(file)}. Note that CA certificates should use the extension .crt");
                    }

                    var cert = X509Certificate2.CreateFromPemFile(file, key);
                    // Export/re-import so the private key is usable by SslStream on Linux.
                    var usable = X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
                    ssl.ClientCertificates ??= new X509CertificateCollection();
                    ssl.ClientCertificates.Add(usable);
                }
                else if (file.EndsWith(".key", StringComparison.Ordinal) && !File.Exists(file[..^".key".Length] + ".cert"))
                {
                    throw new VainaException($"missing client certificate {Path.GetFileName(file[..^".key".Length])}.cert for key {Path.GetFileName(file)}");
                }
            }
        }

        ssl.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            if (!verify || errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (errors != SslPolicyErrors.RemoteCertificateChainErrors || extraRoots.Count == 0 || certificate is null)
            {
                return false;
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(extraRoots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
    }
}
