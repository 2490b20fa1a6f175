using System.Globalization;
using Vaina.Build.Instructions;

namespace Vaina.Build.Config;

/// <summary>
/// Applies one expanded metadata instruction to an image config, as Docker/buildah do. RUN, COPY, ADD, ARG and FROM
/// leave the config unchanged (the builder adds their layers). History is not touched here (the stage interpreter appends it).
/// </summary>
public static class ImageConfigApplier
{
    /// <param name="cmdSetInStage">Whether a CMD already ran in this stage: ENTRYPOINT resets an inherited CMD, not one set in the same stage.</param>
    public static ImageConfig Apply(ImageConfig config, Instruction expanded, bool cmdSetInStage = false)
    {
        switch (expanded)
        {
            case EnvInstruction env:
                {
                    var list = config.Env.ToList();
                    // buildah's SetEnv: a variable set again moves to the end.
                    foreach (var kv in env.Variables)
                    {
                        list.RemoveAll(e => e == kv.Key || e.StartsWith(kv.Key + "=", StringComparison.Ordinal));
                        list.Add(kv.Key + "=" + kv.Value);
                    }
                    return config with { Env = list };
                }
            // The shell forms of CMD and ENTRYPOINT are always /bin/sh -c: buildah applies SHELL to RUN only.
            case CmdInstruction cmd:
                return config with { Cmd = cmd.Command.ToArgv(ImageConfig.DefaultShell).ToList() };
            case EntrypointInstruction ep:
                return config with
                {
                    Entrypoint = ep.Command.ToArgv(ImageConfig.DefaultShell).ToList(),
                    Cmd = cmdSetInStage ? config.Cmd : null,
                };
            case ShellInstruction shell:
                return config with { Shell = shell.Shell.ToList() };
            case WorkdirInstruction wd:
                return config with { WorkingDir = ResolveWorkdir(config.WorkingDir, wd.Path) };
            case UserInstruction user:
                return config with { User = user.User };
            case ExposeInstruction expose:
                {
                    var ports = new SortedSet<string>(config.ExposedPorts, StringComparer.Ordinal);
                    foreach (string p in expose.Ports)
                    {
                        ports.Add(NormalizePort(p));
                    }
                    return config with { ExposedPorts = ports.ToList() };
                }
            case VolumeInstruction volume:
                {
                    var vols = new SortedSet<string>(config.Volumes, StringComparer.Ordinal);
                    foreach (string v in volume.Paths)
                    {
                        if (v.Trim().Length == 0)
                        {
                            throw new FormatException("VOLUME specified can not be an empty string");
                        }
                        vols.Add(v);
                    }
                    return config with { Volumes = vols.ToList() };
                }
            case LabelInstruction label:
                {
                    var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    foreach (var (k, v) in config.Labels)
                    {
                        labels[k] = v;
                    }
                    foreach (var kv in label.Labels)
                    {
                        labels[kv.Key] = kv.Value;
                    }
                    return config with { Labels = labels };
                }
            case HealthcheckInstruction hc:
                return config with { Healthcheck = ToHealthConfig(hc, config.EffectiveShell) };
            case StopSignalInstruction sig:
                return config with { StopSignal = ValidateSignal(sig.Signal) };
            case OnBuildInstruction ob:
                return config with { OnBuild = [.. config.OnBuild, ob.TriggerText] };
            case MaintainerInstruction m:
                return config with { Author = m.Maintainer };
            default:
                return config;
        }
    }

    /// <summary>WORKDIR relative paths resolve against the current one; the result is a clean absolute path.</summary>
    public static string ResolveWorkdir(string current, string path)
    {
        string joined = path.StartsWith('/') ? path : (current.Length == 0 ? "/" : current) + "/" + path;
        var parts = new List<string>();
        foreach (string part in joined.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary><c>80</c> becomes <c>80/tcp</c>; the protocol is lower-cased; ranges are kept as written (as buildah).</summary>
    public static string NormalizePort(string port)
    {
        int slash = port.IndexOf('/');
        string number = slash < 0 ? port : port[..slash];
        string proto = slash < 0 ? "tcp" : port[(slash + 1)..].ToLowerInvariant();
        if (proto.Length == 0)
        {
            proto = "tcp";
        }
        var range = number.Split('-');
        if (number.Length == 0 || range.Length > 2 || range.Any(r => !ushort.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"invalid containerPort: {number}");
        }
        if (proto is not ("tcp" or "udp" or "sctp"))
        {
            throw new FormatException($"invalid proto: {proto}");
        }
        return number + "/" + proto;
    }

    private static HealthConfig ToHealthConfig(HealthcheckInstruction hc, IReadOnlyList<string> shell)
    {
        _ = shell;
        if (hc.IsNone || hc.Command is null)
        {
            return new HealthConfig { Test = ["NONE"] };
        }
        IReadOnlyList<string> test = hc.Command.IsExecForm
            ? ["CMD", .. hc.Command.Arguments]
            : ["CMD-SHELL", hc.Command.Arguments[0]];
        return new HealthConfig
        {
            Test = test,
            Interval = hc.Interval ?? TimeSpan.Zero,
            Timeout = hc.Timeout ?? TimeSpan.Zero,
            StartPeriod = hc.StartPeriod ?? TimeSpan.Zero,
            StartInterval = hc.StartInterval ?? TimeSpan.Zero,
            Retries = hc.Retries ?? 0,
        };
    }

    private static readonly HashSet<string> SignalNames = new(StringComparer.Ordinal)
    {
        "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL",
        "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1",
        "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN", "RTMAX",
    };

    /// <summary>Accepts a signal number or name (with or without SIG, RTMIN+n); stored as written.</summary>
    public static string ValidateSignal(string signal)
    {
        if (int.TryParse(signal, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is > 0 and <= 64)
        {
            return signal;
        }
        string name = signal.ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal))
        {
            name = name[3..];
        }
        int plusMinus = name.IndexOfAny(['+', '-']);
        string baseName = plusMinus > 0 ? name[..plusMinus] : name;
        if (SignalNames.Contains(baseName) && (plusMinus < 0 || baseName is "RTMIN" or "RTMAX"))
        {
            return signal;
        }
        throw new FormatException($"Invalid signal: {signal}");
    }
}
