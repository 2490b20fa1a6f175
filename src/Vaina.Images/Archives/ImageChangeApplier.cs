using System.Text.Json;
using Vaina.Images.Manifests;

namespace Vaina.Images.Archives;

/// <summary>
/// Applies <c>--change</c> instructions (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME,
/// WORKDIR) to an image config, as Podman's import and commit do.
/// </summary>
public static class ImageChangeApplier
{
    public static void Apply(ImageConfig config, IEnumerable<string> changes)
    {
        foreach (var change in changes)
        {
            var trimmed = change.Trim();
            int sp = trimmed.IndexOfAny([' ', '\t', '=']);
            var instruction = (sp < 0 ? trimmed : trimmed[..sp]).ToUpperInvariant();
            var value = sp < 0 ? string.Empty : trimmed[(sp + 1)..].Trim();
            var c = config.Config ??= new ContainerConfig();
            switch (instruction)
            {
                case "CMD":
                    c.Cmd = CommandForm(value);
                    break;
                case "ENTRYPOINT":
                    c.Entrypoint = CommandForm(value);
                    break;
                case "ENV":
                    foreach (var (k, v) in Pairs(value, change))
                    {
                        c.Env ??= [];
                        c.Env.RemoveAll(e => e.StartsWith(k + "=", StringComparison.Ordinal));
                        c.Env.Add($"{k}={v}");
                    }

                    break;
                case "LABEL":
                    foreach (var (k, v) in Pairs(value, change))
                    {
                        (c.Labels ??= [])[k] = v;
                    }

                    break;
                case "EXPOSE":
                    foreach (var port in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        (c.ExposedPorts ??= [])[port.Contains('/', StringComparison.Ordinal) ? port : port + "/tcp"] = EmptyObject();
                    }

                    break;
                case "VOLUME":
                    foreach (var volume in value.StartsWith('[') ? ParseJsonArray(value, change) : value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList())
                    {
                        (c.Volumes ??= [])[volume] = EmptyObject();
                    }

                    break;
                case "USER":
                    c.User = value;
                    break;
                case "WORKDIR":
                    c.WorkingDir = value.StartsWith('/') || string.IsNullOrEmpty(c.WorkingDir) ? value : Path.Combine(c.WorkingDir, value);
                    break;
                case "STOPSIGNAL":
                    c.StopSignal = value;
                    break;
                case "ONBUILD":
                    c.Extra ??= [];
                    var onbuild = c.Extra.TryGetValue("OnBuild", out var existing) && existing.ValueKind == JsonValueKind.Array
                        ? existing.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()
                        : [];
                    onbuild.Add(value);
                    c.Extra["OnBuild"] = JsonSerializer.SerializeToElement(onbuild, ImagesJsonContext.Default.ListString);
                    break;
                default:
                    throw new VainaException($"invalid change \"{change}\" - invalid instruction {instruction}");
            }
        }
    }

    private static JsonElement EmptyObject()
    {
        using var doc = JsonDocument.Parse("{}");
        return doc.RootElement.Clone();
    }

    private static List<string> CommandForm(string value)
        => value.StartsWith('[') && ParseJsonArrayOrNull(value) is { } exec ? exec : ["/bin/sh", "-c", value];

    private static List<string> ParseJsonArray(string value, string change)
        => ParseJsonArrayOrNull(value) ?? throw new VainaException($"invalid change \"{change}\": not a JSON array");

    private static List<string>? ParseJsonArrayOrNull(string value)
    {
        try
        {
            return JsonSerializer.Deserialize(value, ImagesJsonContext.Default.ListString);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<(string Key, string Value)> Pairs(string value, string change)
    {
        if (!value.Contains('=', StringComparison.Ordinal))
        {
            int sp = value.IndexOf(' ', StringComparison.Ordinal);
            if (sp < 0)
            {
                throw new VainaException($"invalid change \"{change}\" - must have at least two arguments");
            }

            yield return (value[..sp], value[(sp + 1)..].Trim());
            yield break;
        }

        foreach (var token in SplitQuoted(value))
        {
            int eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new VainaException($"invalid change \"{change}\" - {token} is not KEY=VALUE");
            }

            yield return (token[..eq], token[(eq + 1)..]);
        }
    }

    private static IEnumerable<string> SplitQuoted(string s)
    {
        var current = new System.Text.StringBuilder();
        char quote = '\0';
        foreach (char ch in s)
        {
            if (quote != '\0')
            {
                if (ch == quote)
                {
                    quote = '\0';
                }
                else
                {
                    current.Append(ch);
                }
            }
            else if (ch is '"' or '\'')
            {
                quote = ch;
            }
            else if (ch == ' ')
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }
            }
            else
            {
                current.Append(ch);
            }
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }
}
