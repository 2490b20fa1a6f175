using System.Text;

namespace Vaina.Images.Tests;

public sealed record StubResponse(int Status, byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public static StubResponse Json(int status, string body, params (string Key, string Value)[] headers)
        => new(status, Encoding.UTF8.GetBytes(body), headers.Append(("Content-Type", "application/json")).ToDictionary(h => h.Item1, h => h.Item2));

    public static StubResponse Bytes(byte[] body, string contentType) => new(200, body, new Dictionary<string, string> { ["Content-Type"] = contentType });
}
