using System.Text.Json.Serialization;

namespace Vaina.Images.Registry;

/// <summary>A token server's answer (docker token auth spec: <c>token</c> or OAuth2's <c>access_token</c>).</summary>
public sealed class TokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; set; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }
}
