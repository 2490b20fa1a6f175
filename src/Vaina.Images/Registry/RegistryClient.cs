using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vaina.Images.Manifests;
using Vaina.Images.References;

namespace Vaina.Images.Registry;

/// <summary>
/// The distribution (OCI registry) API for one registry host during one command: ping with https-then-http
/// fallback for insecure registries, Bearer token and Basic auth, TLS from certs.d, manual redirects (the
/// Authorization header never leaves the registry host), bounded retries, and digest-verified blob reads.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RegistryClientOptions _options;
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _authLock = new(1, 1);
    private readonly bool _verifyTls;
    private readonly bool _allowHttpFallback;
    private string? _lastTlsFailure;
    private Uri? _baseUri;
    private AuthChallenge? _challenge;

    public RegistryClient(string registry, RegistryClientOptions options)
    {
        Registry = registry;
        _options = options;
        bool insecure = options.IsInsecureRegistry?.Invoke(registry) ?? false;
        _verifyTls = options.TlsVerify ?? !insecure;
        _allowHttpFallback = !_verifyTls;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = 8,
        };
        var ssl = new SslClientAuthenticationOptions();
        RegistryTlsConfigurator.Configure(ssl, registry, options, _verifyTls);
        var inner = ssl.RemoteCertificateValidationCallback!;
        ssl.RemoteCertificateValidationCallback = (sender, cert, chain, errors) =>
        {
            bool ok = inner(sender, cert, chain, errors);
            if (!ok)
            {
                _lastTlsFailure = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0
                    ? $"x509: certificate is not valid for {HostWithoutPort(registry)}"
                    : "x509: certificate signed by unknown authority";
            }

            return ok;
        };
        handler.SslOptions = ssl;
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
    }

    /// <summary>host[:port] as written in references (docker.io is reached at registry-1.docker.io).</summary>
    public string Registry { get; }

    /// <summary>The credentials used for this registry: <c>--creds</c>, else auth.json.</summary>
    public RegistryCredentials? Credentials(string? repository = null)
        => _options.Credentials ?? _options.CredentialSource?.Lookup(Registry, repository);

    /// <summary>GET /v2/: decides https or http and learns the auth challenge.</summary>
    public async Task PingAsync(CancellationToken ct)
    {
        if (_baseUri is not null)
        {
            return;
        }

        var host = Registry == ImageReference.DefaultDomain ? "registry-1.docker.io" : Registry;
        Exception? error = null;
        Exception? httpError = null;

        // Without TLS verification Podman pings https, then http. Only a plain-HTTP registry answers a plain GET /v2/
        // with 200 or 401 (a TLS port refuses it), so asking http first picks the same scheme without loading OpenSSL
        // for a handshake that would fail; when both fail, the http error is reported, as Podman's last attempt.
        foreach (var scheme in _allowHttpFallback ? new[] { "http", "https" } : ["https"])
        {
            var uri = new Uri($"{scheme}://{host}/v2/");
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (scheme == "http")
            {
                // A TLS port that waits for a handshake instead of refusing must not stall the fallback to https.
                probe.CancelAfter(_options.ConnectTimeout);
            }

            try
            {
                using var response = await SendWithRetryAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), probe.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    _challenge = SelectChallenge(response);
                }
                else if (response.StatusCode != HttpStatusCode.OK)
                {
                    error = new RegistryException($"Get \"{uri}\": invalid status code from registry {(int)response.StatusCode} ({response.ReasonPhrase})", (int)response.StatusCode);
                    httpError ??= scheme == "http" ? error : null;
                    continue;
                }

                _baseUri = new Uri($"{scheme}://{host}/");
                return;
            }
            catch (HttpRequestException e)
            {
                error = new RegistryException($"Get \"{uri}\": {DescribeNetworkError(e, uri)}", 0, null, e);
                httpError ??= scheme == "http" ? error : null;
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                error = new RegistryException($"Get \"{uri}\": net/http: timeout awaiting response headers", 0, null, e);
                httpError ??= scheme == "http" ? error : null;
            }
        }

        error = httpError ?? error;
        throw new RegistryException($"pinging container registry {Registry}: {error!.Message}", (error as RegistryException)?.StatusCode ?? 0, null, error);
    }

    /// <summary>GET the manifest; the raw bytes are kept and the digest checked when asked by digest.</summary>
    public async Task<ParsedManifest> GetManifestAsync(string repository, string reference, CancellationToken ct)
    {
        var bytes = await GetManifestBytesAsync(repository, reference, ct).ConfigureAwait(false);
        return ManifestParser.Parse(bytes.Raw, bytes.ContentType);
    }

    public async Task<(byte[] Raw, string? ContentType)> GetManifestBytesAsync(string repository, string reference, CancellationToken ct)
    {
        await PingAsync(ct).ConfigureAwait(false);
        var uri = new Uri(_baseUri!, $"v2/{repository}/manifests/{reference}");
        using var response = await SendAuthorizedAsync(() => ManifestRequest(HttpMethod.Get, uri), repository, push: false, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorFromResponseAsync(response, $"reading manifest {reference} in {Registry}/{repository}", ct).ConfigureAwait(false);
        }

        var raw = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        if (Digest.TryParse(reference, out var expected))
        {
            using var hasher = expected.CreateHasher();
            hasher.AppendData(raw);
            var actual = $"{expected.Algorithm}:{Convert.ToHexStringLower(hasher.GetHashAndReset())}";
            if (actual != expected.ToString())
            {
                throw new VainaException($"Digest did not match, expected {expected}, got {actual}");
            }
        }

        return (raw, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>HEAD the manifest: its digest, media type and size, or null if unknown to the registry.</summary>
    public async Task<Descriptor?> HeadManifestAsync(string repository, string reference, CancellationToken ct)
    {
        await PingAsync(ct).ConfigureAwait(false);
        var uri = new Uri(_baseUri!, $"v2/{repository}/manifests/{reference}");
        using var response = await SendAuthorizedAsync(() => ManifestRequest(HttpMethod.Head, uri), repository, push: false, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorFromResponseAsync(response, $"reading manifest {reference} in {Registry}/{repository}", ct).ConfigureAwait(false);
        }

        var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
        return new Descriptor
        {
            Digest = digest ?? string.Empty,
            MediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty,
            Size = response.Content.Headers.ContentLength ?? -1,
        };
    }

    public async Task<Digest> PutManifestAsync(string repository, string reference, byte[] manifest, string mediaType, CancellationToken ct)
    {
        await PingAsync(ct).ConfigureAwait(false);
        var uri = new Uri(_baseUri!, $"v2/{repository}/manifests/{reference}");
        using var response = await SendAuthorizedAsync(
            () =>
            {
                var content = new ByteArrayContent(manifest);
                content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                return new HttpRequestMessage(HttpMethod.Put, uri) { Content = content };
            },
            repository,
            push: true,
            ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorFromResponseAsync(response, $"uploading manifest {reference} to {Registry}/{repository}", ct).ConfigureAwait(false);
        }

        return Digest.Sha256(manifest);
    }

    /// <summary>
    /// Streams a blob; the returned stream verifies digest (and size, if known) at its end and throws on a mismatch.
    /// </summary>
    public async Task<DigestVerifyingStream> GetBlobAsync(string repository, Digest digest, long expectedSize, Action<long>? onProgress, CancellationToken ct)
    {
        await PingAsync(ct).ConfigureAwait(false);
        var uri = new Uri(_baseUri!, $"v2/{repository}/blobs/{digest}");
        var response = await SendAuthorizedAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), repository, push: false, ct, streamBody: true).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ErrorFromResponseAsync(response, $"fetching blob {digest}", ct).ConfigureAwait(false);
            }
        }

        var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return new DigestVerifyingStream(new ResponseOwningStream(body, response), digest, expectedSize, onProgress);
    }

    /// <summary>Reads a small blob (a config) fully, verified.</summary>
    public async Task<byte[]> GetBlobBytesAsync(string repository, Digest digest, long expectedSize, CancellationToken ct)
    {
        await using var stream = await GetBlobAsync(repository, digest, expectedSize, null, ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
        stream.Verify();
        return buffer.ToArray();
    }

    /// <summary>HEAD a blob: its size, or null when the registry does not have it.</summary>
    public async Task<long?> HeadBlobAsync(string repository, Digest digest, CancellationToken ct, bool forPush = false)
    {
        await PingAsync(ct).ConfigureAwait(false);
        var uri = new Uri(_baseUri!, $"v2/{repository}/blobs/{digest}");
        using var response = await SendAuthorizedAsync(() => new HttpRequestMessage(HttpMethod.Head, uri), repository, forPush, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorFromResponseAsync(response, $"checking whether a blob {digest} exists in {Registry}/{repository}", ct).ConfigureAwait(false);
        }

        return response.Content.Headers.ContentLength ?? 0;
    }

    /// <summary>Cross-repository mount (<c>POST ?mount=&amp;from=</c>); false when the registry started an upload instead.</summary>
    public async Task<bool> MountBlobAsync(string repository, Digest digest, string fromRepository, CancellationToken ct)
    {
        await PingAsync(ct).ConfigureAwait(false);
        var uri = new Uri(_baseUri!, $"v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(fromRepository)}");
        using var response = await SendAuthorizedAsync(() => new HttpRequestMessage(HttpMethod.Post, uri), repository, push: true, ct, extraScope: $"repository:{fromRepository}:pull").ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            // The registry opened an upload session instead; cancel it so it does not linger.
            if (response.Headers.Location is { } location)
            {
                var cancel = new Uri(_baseUri!, location);
                using var _ = await SendAuthorizedAsync(() => new HttpRequestMessage(HttpMethod.Delete, cancel), repository, push: true, ct).ConfigureAwait(false);
            }

            return false;
        }

        return false;
    }

    /// <summary>Monolithic upload of a blob whose digest and size are known (POST, then PUT with the body).</summary>
    public async Task UploadBlobAsync(string repository, Digest digest, Stream content, long size, CancellationToken ct)
    {
        var location = await StartUploadAsync(repository, ct).ConfigureAwait(false);
        var put = AppendQuery(location, "digest=" + Uri.EscapeDataString(digest.ToString()));
        using var response = await SendAuthorizedAsync(
            () =>
            {
                var body = new StreamContent(new NonClosingStream(content));
                body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                body.Headers.ContentLength = size;
                return new HttpRequestMessage(HttpMethod.Put, put) { Content = body };
            },
            repository,
            push: true,
            ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await ErrorFromResponseAsync(response, $"uploading layer to {put}", ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Streamed (chunked) upload of content whose digest is not known in advance, e.g. a layer compressed on the
    /// fly: PATCH with the body, then PUT with the digest computed while sending.
    /// </summary>
    public async Task<(Digest Digest, long Size)> UploadBlobStreamingAsync(string repository, Stream content, CancellationToken ct)
    {
        var location = await StartUploadAsync(repository, ct).ConfigureAwait(false);
        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var counting = new HashingReadStream(content, hasher);
        using (var patch = await SendAuthorizedAsync(
            () =>
            {
                var body = new StreamContent(counting);
                body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                return new HttpRequestMessage(HttpMethod.Patch, location) { Content = body };
            },
            repository,
            push: true,
            ct).ConfigureAwait(false))
        {
            if (patch.StatusCode != HttpStatusCode.Accepted && patch.StatusCode != HttpStatusCode.NoContent)
            {
                throw await ErrorFromResponseAsync(patch, $"uploading layer chunked to {location}", ct).ConfigureAwait(false);
            }

            if (patch.Headers.Location is { } next)
            {
                location = new Uri(location, next);
            }
        }

        var digest = Digest.FromSha256Hash(hasher.GetHashAndReset());
        var put = AppendQuery(location, "digest=" + Uri.EscapeDataString(digest.ToString()));
        using var response = await SendAuthorizedAsync(() => new HttpRequestMessage(HttpMethod.Put, put) { Content = new ByteArrayContent([]) }, repository, push: true, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await ErrorFromResponseAsync(response, $"uploading layer to {put}", ct).ConfigureAwait(false);
        }

        return (digest, counting.BytesRead);
    }

    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken ct)
    {
        await PingAsync(ct).ConfigureAwait(false);
        var tags = new List<string>();
        Uri? uri = new(_baseUri!, $"v2/{repository}/tags/list");
        while (uri is not null)
        {
            var current = uri;
            using var response = await SendAuthorizedAsync(() => new HttpRequestMessage(HttpMethod.Get, current), repository, push: false, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorFromResponseAsync(response, $"fetching tags list", ct).ConfigureAwait(false);
            }

            var list = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false), ImagesJsonContext.Default.TagList);
            tags.AddRange(list?.Tags ?? []);
            uri = NextLink(response, current);
        }

        return tags;
    }

    public async Task<IReadOnlyList<string>> CatalogAsync(int limit, CancellationToken ct)
    {
        await PingAsync(ct).ConfigureAwait(false);
        var repositories = new List<string>();
        Uri? uri = new(_baseUri!, limit > 0 ? $"v2/_catalog?n={limit}" : "v2/_catalog");
        while (uri is not null && (limit <= 0 || repositories.Count < limit))
        {
            var current = uri;
            using var response = await SendAuthorizedAsync(() => new HttpRequestMessage(HttpMethod.Get, current), null, push: false, ct, extraScope: "registry:catalog:*").ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorFromResponseAsync(response, $"couldn't search registry \"{Registry}\"", ct).ConfigureAwait(false);
            }

            var catalog = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false), ImagesJsonContext.Default.Catalog);
            repositories.AddRange(catalog?.Repositories ?? []);
            uri = NextLink(response, current);
        }

        return limit > 0 && repositories.Count > limit ? repositories.GetRange(0, limit) : repositories;
    }

    /// <summary>Checks credentials against the registry (for <c>login</c>): succeeds when /v2/ accepts them.</summary>
    public async Task VerifyCredentialsAsync(CancellationToken ct)
    {
        await PingAsync(ct).ConfigureAwait(false);
        if (_challenge is null)
        {
            return;
        }

        var uri = new Uri(_baseUri!, "v2/");
        using var response = await SendAuthorizedAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), null, push: false, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new RegistryException($"logging into \"{Registry}\": invalid username/password", 401, "UNAUTHORIZED");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorFromResponseAsync(response, $"logging into \"{Registry}\"", ct).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _authLock.Dispose();
    }

    private async Task<Uri> StartUploadAsync(string repository, CancellationToken ct)
    {
        await PingAsync(ct).ConfigureAwait(false);
        var uri = new Uri(_baseUri!, $"v2/{repository}/blobs/uploads/");
        using var response = await SendAuthorizedAsync(() => new HttpRequestMessage(HttpMethod.Post, uri), repository, push: true, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted || response.Headers.Location is null)
        {
            throw await ErrorFromResponseAsync(response, $"initiating layer upload to /v2/{repository}/blobs/uploads/ in {Registry}", ct).ConfigureAwait(false);
        }

        return new Uri(_baseUri!, response.Headers.Location);
    }

    private static HttpRequestMessage ManifestRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        foreach (var type in MediaTypes.ManifestAccept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAuthorizedAsync(Func<HttpRequestMessage> create, string? repository, bool push, CancellationToken ct, bool streamBody = false, string? extraScope = null)
    {
        var scopes = new List<string>();
        if (repository is not null)
        {
            scopes.Add($"repository:{repository}:{(push ? "pull,push" : "pull")}");
        }

        if (extraScope is not null)
        {
            scopes.Add(extraScope);
        }

        for (int attempt = 0; ; attempt++)
        {
            var authorization = await AuthorizationAsync(scopes, repository, forceRefresh: attempt > 0, ct).ConfigureAwait(false);
            var response = await SendWithRetryAsync(
                () =>
                {
                    var request = create();
                    if (authorization is not null)
                    {
                        request.Headers.Authorization = authorization;
                    }

                    return request;
                },
                ct,
                streamBody).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0)
            {
                return response;
            }

            // The challenge may differ per endpoint (a new scope, or auth only needed for some repositories).
            var challenge = SelectChallenge(response);
            if (challenge is null)
            {
                return response;
            }

            _challenge = challenge;
            response.Dispose();
        }
    }

    private async Task<AuthenticationHeaderValue?> AuthorizationAsync(List<string> scopes, string? repository, bool forceRefresh, CancellationToken ct)
    {
        var challenge = _challenge;
        if (challenge is null)
        {
            return null;
        }

        var creds = Credentials(repository);
        if (challenge.IsBasic)
        {
            return creds is null ? null : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{creds.Username}:{creds.Password}")));
        }

        if (!challenge.IsBearer || challenge.Realm is null)
        {
            return null;
        }

        var key = string.Join(' ', scopes);
        await _authLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!forceRefresh && _tokens.TryGetValue(key, out var cached))
            {
                return new AuthenticationHeaderValue("Bearer", cached);
            }

            var token = await FetchTokenAsync(challenge, scopes, creds, ct).ConfigureAwait(false);
            _tokens[key] = token;
            return new AuthenticationHeaderValue("Bearer", token);
        }
        finally
        {
            _authLock.Release();
        }
    }

    private async Task<string> FetchTokenAsync(AuthChallenge challenge, List<string> scopes, RegistryCredentials? creds, CancellationToken ct)
    {
        var query = new StringBuilder();
        if (challenge.Service is { } service)
        {
            query.Append("service=").Append(Uri.EscapeDataString(service));
        }

        foreach (var scope in scopes)
        {
            query.Append(query.Length > 0 ? "&" : string.Empty).Append("scope=").Append(Uri.EscapeDataString(scope));
        }

        var realm = challenge.Realm!;
        var uri = new Uri(query.Length == 0 ? realm : realm + (realm.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query);
        using var response = await SendWithRetryAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                if (creds is not null && creds.Username.Length > 0)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{creds.Username}:{creds.Password}")));
                }

                return request;
            },
            ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            var inner = await ErrorFromResponseAsync(response, null, ct).ConfigureAwait(false);
            throw new RegistryException($"unable to retrieve auth token: invalid username/password: {inner.Message}", 401, "UNAUTHORIZED");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryException($"fetching token: invalid status code from registry {(int)response.StatusCode} ({response.ReasonPhrase})", (int)response.StatusCode);
        }

        var body = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false), ImagesJsonContext.Default.TokenResponse);
        return body?.Token ?? body?.AccessToken ?? throw new RegistryException("authentication token response has no token");
    }

    /// <summary>Sends, following redirects by hand and retrying 5xx and transient network errors a bounded number of times.</summary>
    private async Task<HttpResponseMessage> SendWithRetryAsync(Func<HttpRequestMessage> create, CancellationToken ct, bool streamBody = false)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                var response = await SendFollowingRedirectsAsync(create, ct, streamBody).ConfigureAwait(false);
                if ((int)response.StatusCode >= 500 && attempt < _options.MaxRetries && IsIdempotent(create))
                {
                    response.Dispose();
                    await Task.Delay(_options.RetryDelay * (1 << attempt), ct).ConfigureAwait(false);
                    continue;
                }

                return response;
            }
            catch (HttpRequestException e) when (attempt < _options.MaxRetries && IsTransient(e) && IsIdempotent(create))
            {
                await Task.Delay(_options.RetryDelay * (1 << attempt), ct).ConfigureAwait(false);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested && attempt < _options.MaxRetries && IsIdempotent(create))
            {
                _ = e;
                await Task.Delay(_options.RetryDelay * (1 << attempt), ct).ConfigureAwait(false);
            }
        }
    }

    private static bool IsIdempotent(Func<HttpRequestMessage> create)
    {
        using var probe = create();
        return probe.Method == HttpMethod.Get || probe.Method == HttpMethod.Head;
    }

    private static bool IsTransient(HttpRequestException e)
    {
        if (e.InnerException is AuthenticationException)
        {
            return false;
        }

        if (e.InnerException is SocketException se && se.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable)
        {
            return false;
        }

        return e.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.Unknown or HttpRequestError.ConnectionError && e.InnerException is IOException;
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(Func<HttpRequestMessage> create, CancellationToken ct, bool streamBody)
    {
        var request = create();
        var originalHost = request.RequestUri!.Authority;
        for (int hops = 0; ; hops++)
        {
            var response = await _http.SendAsync(request, streamBody ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is null || hops >= 10)
            {
                request.Dispose();
                return response;
            }

            var target = new Uri(request.RequestUri!, response.Headers.Location);
            var method = status == 303 || ((status == 301 || status == 302) && request.Method == HttpMethod.Post) ? HttpMethod.Get : request.Method;
            var next = new HttpRequestMessage(method, target);
            foreach (var header in request.Headers)
            {
                // Blob storage behind a redirect gets a signed URL; our registry credentials must not leak there.
                if (header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && !string.Equals(target.Authority, originalHost, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Dispose();
            request.Dispose();
            request = next;
        }
    }

    private static AuthChallenge? SelectChallenge(HttpResponseMessage response)
    {
        AuthChallenge? basic = null;
        foreach (var header in response.Headers.WwwAuthenticate)
        {
            foreach (var c in AuthChallenge.Parse(header.ToString()))
            {
                if (c.IsBearer)
                {
                    return c;
                }

                if (c.IsBasic)
                {
                    basic ??= c;
                }
            }
        }

        return basic;
    }

    /// <summary>Turns an error response into containers/image's wording (the registry's message when it is the default one).</summary>
    internal static async Task<RegistryException> ErrorFromResponseAsync(HttpResponseMessage response, string? context, CancellationToken ct)
    {
        int status = (int)response.StatusCode;
        string body = string.Empty;
        try
        {
            body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
        }

        var (message, code) = DescribeError(status, body);
        return new RegistryException(context is null ? message : $"{context}: {message}", status, code);
    }

    /// <summary>The error text for a registry error response (pure, for tests).</summary>
    public static (string Message, string? Code) DescribeError(int status, string body)
    {
        RegistryErrorResponse? parsed = null;
        if (body.Length > 0)
        {
            try
            {
                parsed = JsonSerializer.Deserialize(body, ImagesJsonContext.Default.RegistryErrorResponse);
            }
            catch (JsonException)
            {
            }
        }

        if (parsed?.Errors is { Count: > 0 } errors)
        {
            var e = errors[0];
            var code = e.Code ?? "UNKNOWN";
            var message = e.Message ?? string.Empty;
            if (message == DefaultMessage(code) || message.Length == 0)
            {
                return (DefaultMessage(code) ?? code.ToLowerInvariant().Replace('_', ' '), code);
            }

            return ($"{code.ToLowerInvariant().Replace('_', ' ')}: {message}", code);
        }

        switch (status)
        {
            case 401:
                return ("authentication required", "UNAUTHORIZED");
            case 403:
                return ("requested access to the resource is denied", "DENIED");
            case 404 when body.Length == 0:
                return ("manifest unknown", "MANIFEST_UNKNOWN");
            case 429:
                return ("too many requests to registry", "TOOMANYREQUESTS");
        }

        var snippet = body.Length > 50 ? body[..50] + "..." : body;
        return ($"StatusCode: {status}, \"{snippet}\"", null);
    }

    private static string? DefaultMessage(string code) => code switch
    {
        "MANIFEST_UNKNOWN" => "manifest unknown",
        "UNAUTHORIZED" => "authentication required",
        "DENIED" => "requested access to the resource is denied",
        "NAME_UNKNOWN" => "repository name not known to registry",
        "NAME_INVALID" => "invalid repository name",
        "BLOB_UNKNOWN" => "blob unknown to registry",
        "BLOB_UPLOAD_UNKNOWN" => "blob upload unknown to registry",
        "BLOB_UPLOAD_INVALID" => "blob upload invalid",
        "DIGEST_INVALID" => "provided digest did not match uploaded content",
        "MANIFEST_INVALID" => "manifest invalid",
        "MANIFEST_BLOB_UNKNOWN" => "blob unknown to registry",
        "MANIFEST_UNVERIFIED" => "manifest failed signature verification",
        "TAG_INVALID" => "manifest tag did not match URI",
        "SIZE_INVALID" => "provided length did not match content length",
        "UNSUPPORTED" => "The operation is unsupported.",
        "TOOMANYREQUESTS" => "too many requests",
        "UNKNOWN" => "unknown error",
        _ => null,
    };

    private string DescribeNetworkError(HttpRequestException e, Uri uri)
    {
        var dial = $"dial tcp {uri.Authority}";
        if (e.InnerException is AuthenticationException || e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            return _lastTlsFailure ?? "tls: " + (e.InnerException?.Message ?? e.Message);
        }

        if (e.InnerException is SocketException se)
        {
            return se.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"{dial}: connect: connection refused",
                SocketError.HostNotFound or SocketError.NoData => $"dial tcp: lookup {HostWithoutPort(uri.Authority)}: no such host",
                SocketError.NetworkUnreachable => $"{dial}: connect: network is unreachable",
                SocketError.TimedOut => $"{dial}: i/o timeout",
                _ => $"{dial}: {se.Message}",
            };
        }

        if (e.HttpRequestError == HttpRequestError.InvalidResponse)
        {
            return "http: server gave HTTP response to HTTPS client";
        }

        return e.Message;
    }

    private static string HostWithoutPort(string authority)
    {
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? authority[1..close] : authority;
        }

        int colon = authority.LastIndexOf(':');
        return colon > 0 ? authority[..colon] : authority;
    }

    private static Uri AppendQuery(Uri uri, string query)
        => new(uri.ToString() + (string.IsNullOrEmpty(uri.Query) ? "?" : "&") + query);

    private static Uri? NextLink(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links)
        {
            int start = link.IndexOf('<', StringComparison.Ordinal);
            int end = link.IndexOf('>', StringComparison.Ordinal);
            if (start >= 0 && end > start && link.Contains("rel=\"next\"", StringComparison.Ordinal))
            {
                return new Uri(current, link[(start + 1)..end]);
            }
        }

        return null;
    }
}
