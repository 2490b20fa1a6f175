using System.Globalization;

namespace Vaina.Engine.Containers;

/// <summary>
/// One --secret of run/create, as Podman's specgen parses it: NAME alone (a file under /run/secrets), or
/// [source=]NAME,type=mount|env,target=,uid=,gid=,mode= (uid, gid and mode only for mount).
/// </summary>
public sealed class ContainerSecret
{
    /// <summary>The secret's name as given.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The secret's id, resolved at create.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>mount or env.</summary>
    public string Type { get; set; } = "mount";

    /// <summary>mount: the path in the container ("" = /run/secrets/NAME; relative = under /run/secrets); env: the variable.</summary>
    public string Target { get; set; } = string.Empty;

    public uint Uid { get; set; }

    public uint Gid { get; set; }

    /// <summary>File mode; Podman's default 0444.</summary>
    public uint Mode { get; set; } = 292;

    /// <summary>Where a mount secret appears in the container.</summary>
    public string MountPath => Target.Length == 0 ? "/run/secrets/" + Name : Target.StartsWith('/') ? Target : "/run/secrets/" + Target;

    /// <summary>Podman's parseSecrets, with its error texts.</summary>
    public static List<ContainerSecret> Parse(IEnumerable<string> values)
    {
        var result = new List<ContainerSecret>();
        foreach (var value in values)
        {
            var parts = value.Split(',');
            if (parts.Length == 1)
            {
                result.Add(new ContainerSecret { Name = value });
                continue;
            }

            var secret = new ContainerSecret { Type = string.Empty };
            bool mountOnly = false;
            var options = parts.AsEnumerable();
            if (!parts[0].Contains('=', StringComparison.Ordinal))
            {
                secret.Name = parts[0];
                options = parts.Skip(1);
            }

            foreach (var option in options)
            {
                var eq = option.IndexOf('=');
                if (eq < 0)
                {
                    throw Error($"option {option} must be in form option=value");
                }

                var (key, text) = (option[..eq], option[(eq + 1)..]);
                switch (key)
                {
                    case "source":
                        secret.Name = text;
                        break;
                    case "type":
                        secret.Type = secret.Type.Length > 0 ? throw Error("cannot set more than one secret type")
                            : text is "mount" or "env" ? text : throw Error($"type {text} is invalid");
                        break;
                    case "target":
                        secret.Target = text;
                        break;
                    case "mode":
                        mountOnly = true;
                        secret.Mode = ParseUint(text, 8, $"mode {text} invalid");
                        break;
                    case "uid" or "UID":
                        mountOnly = true;
                        secret.Uid = ParseUint(text, 10, $"UID {text} invalid");
                        break;
                    case "gid" or "GID":
                        mountOnly = true;
                        secret.Gid = ParseUint(text, 10, $"GID {text} invalid");
                        break;
                    default:
                        throw Error($"option {option} invalid");
                }
            }

            if (secret.Type.Length == 0)
            {
                secret.Type = "mount";
            }

            if (secret.Name.Length == 0)
            {
                throw Error($"no source found {value}");
            }

            if (secret.Type == "env")
            {
                if (mountOnly)
                {
                    throw Error("UID, GID, Mode options cannot be set with secret type env");
                }

                if (secret.Target.Length == 0)
                {
                    secret.Target = secret.Name;
                }
            }

            result.Add(secret);
        }

        return result;
    }

    private static uint ParseUint(string text, int radix, string message)
    {
        if (radix == 8)
        {
            try
            {
                return text.Length > 0 && text.All(c => c is >= '0' and <= '7') ? Convert.ToUInt32(text, 8) : throw Error(message);
            }
            catch (OverflowException)
            {
                throw Error(message);
            }
        }

        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw Error(message);
    }

    private static VainaException Error(string message) => new(message + ": parsing secret");
}
