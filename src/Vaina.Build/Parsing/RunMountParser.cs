using System.Globalization;
using Vaina.Build.Instructions;
using Vaina.Linux.Text;

namespace Vaina.Build.Parsing;

/// <summary>Parses the value of <c>RUN --mount=</c> (comma-separated key=value fields, as BuildKit's runmount.go).</summary>
public static class RunMountParser
{
    public static RunMount Parse(string value)
    {
        var fields = SplitCsv(value);
        var type = RunMountType.Bind;
        foreach (string field in fields)
        {
            var (key, val) = SplitField(field);
            if (key.Equals("type", StringComparison.OrdinalIgnoreCase))
            {
                type = (val ?? "").ToLowerInvariant() switch
                {
                    "bind" => RunMountType.Bind,
                    "cache" => RunMountType.Cache,
                    "tmpfs" => RunMountType.Tmpfs,
                    "secret" => RunMountType.Secret,
                    "ssh" => RunMountType.Ssh,
                    _ => throw new FormatException($"unsupported mount type \"{val}\""),
                };
            }
        }

        var mount = new RunMount { Type = type, ReadOnly = type == RunMountType.Bind };
        bool modeSet = false;
        foreach (string field in fields)
        {
            var (rawKey, val) = SplitField(field);
            string key = rawKey.ToLowerInvariant();
            switch (key)
            {
                case "type":
                    break;
                case "readonly" or "ro":
                    mount = mount with { ReadOnly = ParseBool(key, val) };
                    break;
                case "readwrite" or "rw":
                    mount = mount with { ReadOnly = !ParseBool(key, val) };
                    break;
                case "required":
                    if (type is not (RunMountType.Secret or RunMountType.Ssh))
                    {
                        throw Unexpected(rawKey, value);
                    }
                    mount = mount with { Required = ParseBool(key, val) };
                    break;
                default:
                    if (val is null)
                    {
                        throw Unexpected(rawKey, value);
                    }
                    switch (key)
                    {
                        case "target" or "dst" or "destination":
                            mount = mount with { Target = val };
                            break;
                        case "source" or "src":
                            mount = mount with { Source = val };
                            break;
                        case "from":
                            mount = mount with { From = val };
                            break;
                        case "id":
                            mount = mount with { Id = val };
                            break;
                        case "sharing":
                            mount = mount with
                            {
                                Sharing = val.ToLowerInvariant() switch
                                {
                                    "shared" => CacheSharing.Shared,
                                    "private" => CacheSharing.Private,
                                    "locked" => CacheSharing.Locked,
                                    _ => throw new FormatException($"unsupported sharing value \"{val}\""),
                                },
                            };
                            break;
                        case "mode":
                            mount = mount with { Mode = ParseOctal(key, val) };
                            modeSet = true;
                            break;
                        case "uid":
                            mount = mount with { Uid = ParseUInt(key, val) };
                            break;
                        case "gid":
                            mount = mount with { Gid = ParseUInt(key, val) };
                            break;
                        case "size" when type == RunMountType.Tmpfs:
                            mount = mount with { SizeBytes = ParseSize(val) };
                            break;
                        case "env" when type == RunMountType.Secret:
                            mount = mount with { Env = val };
                            break;
                        default:
                            throw Unexpected(rawKey, value);
                    }
                    break;
            }
        }

        switch (type)
        {
            case RunMountType.Secret:
                if (mount.Id is null && mount.Target.Length == 0 && mount.Env is null)
                {
                    throw new FormatException("invalid secret mount: one of id or target must be set");
                }
                mount = mount with { Id = mount.Id ?? Path.GetFileName(mount.Target.TrimEnd('/')) };
                if (mount.Target.Length == 0 && mount.Env is null)
                {
                    mount = mount with { Target = "/run/secrets/" + mount.Id };
                }
                if (!modeSet)
                {
                    mount = mount with { Mode = Convert.ToUInt32("400", 8) };
                }
                break;
            case RunMountType.Ssh:
                mount = mount with { Id = mount.Id ?? "default" };
                if (mount.Target.Length == 0)
                {
                    mount = mount with { Target = "/run/buildkit/ssh_agent.0" };
                }
                if (!modeSet)
                {
                    mount = mount with { Mode = Convert.ToUInt32("600", 8) };
                }
                break;
            default:
                if (mount.Target.Length == 0)
                {
                    throw new FormatException("mount destination not set");
                }
                if (type == RunMountType.Cache)
                {
                    mount = mount with { Id = mount.Id ?? mount.Target };
                    if (!modeSet)
                    {
                        mount = mount with { Mode = Convert.ToUInt32("755", 8) };
                    }
                }
                break;
        }
        return mount;
    }

    private static FormatException Unexpected(string key, string value) =>
        new($"unexpected key '{key}' in '{value}'");

    private static (string Key, string? Value) SplitField(string field)
    {
        int eq = field.IndexOf('=');
        return eq < 0 ? (field.Trim(), null) : (field[..eq].Trim(), field[(eq + 1)..]);
    }

    private static bool ParseBool(string key, string? val)
    {
        if (val is null)
        {
            return true;
        }
        return val.ToLowerInvariant() switch
        {
            "1" or "t" or "true" => true,
            "0" or "f" or "false" => false,
            _ => throw new FormatException($"invalid value for {key}: {val}"),
        };
    }

    private static uint ParseOctal(string key, string val)
    {
        try
        {
            return Convert.ToUInt32(val, 8);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new FormatException($"invalid value for {key}: {val}");
        }
    }

    private static uint ParseUInt(string key, string val) =>
        uint.TryParse(val, NumberStyles.None, CultureInfo.InvariantCulture, out uint n)
            ? n
            : throw new FormatException($"invalid value for {key}: {val}");

    /// <summary>Sizes as go-units RAMInBytes: 64m, 1g, 512k, plain bytes.</summary>
    internal static long ParseSize(string val)
    {
        string s = val.Trim().ToLowerInvariant();
        long multiplier = 1;
        if (s.EndsWith('b'))
        {
            s = s[..^1];
        }
        if (s.Length > 0 && char.IsLetter(s[^1]))
        {
            multiplier = s[^1] switch
            {
                'k' => 1L << 10,
                'm' => 1L << 20,
                'g' => 1L << 30,
                't' => 1L << 40,
                _ => throw new FormatException($"invalid value for size: {val}"),
            };
            s = s[..^1];
        }
        return double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n) && n >= 0
            ? (long)(n * multiplier)
            : throw new FormatException($"invalid value for size: {val}");
    }

    /// <summary>
    /// buildah splits the value on every comma after the Containerfile's word parser removed quotes
    /// (`--mount=type=tmpfs,"target=/x"` is target=/x; `"size=1m,rw"` is two fields); empty fields are skipped.
    /// </summary>
    private static List<string> SplitCsv(string value) =>
        CommaFields.Split(value, CommaQuoting.QuotesRemoved).Where(f => f.Length > 0).ToList();
}
