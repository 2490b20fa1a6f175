using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Vaina.Linux.Text;

namespace Vaina.Engine.Volumes;

/// <summary>
/// Parses -v/--volume and --mount values the way Podman 4 does (pkg/specgen and pkg/specgenutil), with its
/// error messages. Pure: the host is only consulted to expand `type=glob` patterns.
/// </summary>
public static class MountSpecParser
{
    private const string OptionArgError = "must provide an argument for option";
    private const string BadOption = "invalid mount option";
    private const string NoDestination = "must set volume destination";
    private const string DuplicateDestination = "duplicate mount destination";
    private const string MountSyntax = "incorrect mount format: should be --mount type=<bind|glob|tmpfs|volume>,[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]";

    /// <summary>All mounts of -v and --mount, checked for duplicate destinations (identical repeats are dropped).</summary>
    public static IReadOnlyList<MountRequest> Parse(IEnumerable<string> volumes, IEnumerable<string> mounts)
    {
        var byDestination = new Dictionary<string, MountRequest>(StringComparer.Ordinal);
        var ordered = new List<MountRequest>();
        foreach (var m in mounts.SelectMany(ParseMount))
        {
            if (!byDestination.TryAdd(m.Destination, m))
            {
                throw new VainaException($"{m.Destination}: {DuplicateDestination}");
            }

            ordered.Add(m);
        }

        foreach (var value in volumes)
        {
            var v = ParseVolume(value);
            if (byDestination.TryGetValue(v.Destination, out var existing))
            {
                if (existing.Kind == v.Kind && existing.Source == v.Source && existing.Options.SequenceEqual(v.Options))
                {
                    continue;
                }

                throw new VainaException($"{v.Destination}: {DuplicateDestination}");
            }

            byDestination[v.Destination] = v;
            ordered.Add(v);
        }

        return ordered;
    }

    /// <summary>One -v value: [SOURCE-VOLUME|HOST-DIR:]CONTAINER-DIR[:OPTIONS].</summary>
    public static MountRequest ParseVolume(string value)
    {
        var parts = value.Split(':');
        if (parts.Length > 3)
        {
            throw new VainaException($"{value}: incorrect volume format, should be [host-dir:]ctr-dir[:option]");
        }

        string source = parts[0];
        if (source.StartsWith("./", StringComparison.Ordinal) || source == ".")
        {
            source = Path.GetFullPath(source);
        }

        string destination;
        if (parts.Length == 1)
        {
            destination = parts[0];
            source = string.Empty;
        }
        else
        {
            destination = parts[1];
            if (source.Length == 0)
            {
                throw new VainaException("host directory cannot be empty");
            }
        }

        var options = parts.Length > 2 ? ValidateVolumeOptions(parts[2].Split(',')) : [];
        ValidateContainerDir(destination);
        destination = CleanPath(destination);
        if (source.Length == 0)
        {
            return new MountRequest { Kind = MountKind.Volume, Destination = destination, Options = options };
        }

        if (source.StartsWith('/') || source.StartsWith('.'))
        {
            source = Path.GetFullPath(source);
            if (options.Contains("O"))
            {
                bool chown = options.Contains("U");
                bool upper = options.Any(o => o.StartsWith("upperdir=", StringComparison.Ordinal));
                bool work = options.Any(o => o.StartsWith("workdir=", StringComparison.Ordinal));
                if (upper != work)
                {
                    throw new VainaException("must set both `upperdir` and `workdir`");
                }

                if ((options.Count > 2 && !(options.Count == 3 && upper && work)) || (options.Count == 2 && !chown))
                {
                    throw new VainaException("can't use 'O' with other options");
                }

                return new MountRequest { Kind = MountKind.Overlay, Source = source, Destination = destination, Options = options };
            }

            return new MountRequest { Kind = MountKind.Bind, Source = source, Destination = destination, Options = options };
        }

        return new MountRequest { Kind = MountKind.Volume, Source = source, Destination = destination, Options = options };
    }

    /// <summary>One --mount value; a glob mount may expand to several binds.</summary>
    public static IReadOnlyList<MountRequest> ParseMount(string value)
    {
        var tokens = SplitCsv(value);
        string? type = null;
        var rest = new List<string>();
        foreach (var token in tokens)
        {
            var kv = token.Split('=');
            if (type is null && kv.Length == 2 && kv[0] == "type")
            {
                type = kv[1];
                continue;
            }

            rest.Add(token);
        }

        return type switch
        {
            null => throw new VainaException(MountSyntax),
            "bind" => [ParseBind(rest)],
            "glob" => ParseGlob(rest),
            "tmpfs" or "ramfs" => [ParseTmpfs(rest, type)],
            "devpts" => [ParseDevpts(rest)],
            "volume" => [ParseNamedVolume(rest)],
            "image" => [ParseImage(rest)],
            _ => throw new VainaException($"invalid filesystem type \"{type}\""),
        };
    }

    /// <summary>Podman's parse.ValidateVolumeOpts: at most one of each family, known options only.</summary>
    public static List<string> ValidateVolumeOptions(IReadOnlyList<string> options)
    {
        int rwro = 0, label = 0, propagation = 0, bind = 0, exec = 0, dev = 0, suid = 0, chown = 0, upper = 0, work = 0, copy = 0;
        var final = new List<string>(options.Count);
        string joined = string.Join(", ", options);
        foreach (var opt in options)
        {
            if (opt.Contains("upperdir", StringComparison.Ordinal))
            {
                Check(++upper, "invalid options \"{0}\", can only specify 1 upperdir per overlay");
                final.Add(opt);
                continue;
            }

            if (opt.Contains("workdir", StringComparison.Ordinal))
            {
                Check(++work, "invalid options \"{0}\", can only specify 1 workdir per overlay");
                final.Add(opt);
                continue;
            }

            if (opt.StartsWith("idmap", StringComparison.Ordinal))
            {
                final.Add(opt);
                continue;
            }

            switch (opt)
            {
                case "noexec" or "exec":
                    Check(++exec, "invalid options \"{0}\", can only specify 1 'noexec' or 'exec' option");
                    break;
                case "nodev" or "dev":
                    Check(++dev, "invalid options \"{0}\", can only specify 1 'nodev' or 'dev' option");
                    break;
                case "nosuid" or "suid":
                    Check(++suid, "invalid options \"{0}\", can only specify 1 'nosuid' or 'suid' option");
                    break;
                case "rw" or "ro":
                    Check(++rwro, "invalid options \"{0}\", can only specify 1 'rw' or 'ro' option");
                    break;
                case "z" or "Z" or "O":
                    Check(++label, "invalid options \"{0}\", can only specify 1 'z', 'Z', or 'O' option");
                    break;
                case "U":
                    Check(++chown, "invalid options \"{0}\", can only specify 1 'U' option");
                    break;
                case "private" or "rprivate" or "shared" or "rshared" or "slave" or "rslave" or "unbindable" or "runbindable":
                    Check(++propagation, "invalid options \"{0}\", can only specify 1 '[r]shared', '[r]private', '[r]slave' or '[r]unbindable' option");
                    break;
                case "bind" or "rbind":
                    Check(++bind, "invalid options \"{0}\", can only specify 1 '[r]bind' option");
                    break;
                case "cached" or "delegated":
                    // macOS-only options that Docker and Podman accept and drop.
                    continue;
                case "copy" or "nocopy":
                    Check(++copy, "invalid options \"{0}\", can only specify 1 'copy' or 'nocopy' option");
                    break;
                case "no-dereference":
                    break;
                default:
                    throw new VainaException($"invalid option type \"{opt}\"");
            }

            final.Add(opt);
        }

        return final;

        void Check(int count, string message)
        {
            if (count > 1)
            {
                throw new VainaException(string.Format(CultureInfo.InvariantCulture, message, joined));
            }
        }
    }

    /// <summary>Podman's parse.ValidateVolumeCtrDir.</summary>
    public static void ValidateContainerDir(string path)
    {
        if (path.Length == 0)
        {
            throw new VainaException("container directory cannot be empty");
        }

        if (!path.StartsWith('/'))
        {
            throw new VainaException($"invalid container path \"{path}\", must be an absolute path");
        }
    }

    /// <summary>Go's path.Clean for absolute paths.</summary>
    public static string CleanPath(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
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

    private static MountRequest ParseBind(List<string> args)
    {
        var (source, destination, options) = ParseCommon(args, "bind");
        return new MountRequest
        {
            Kind = MountKind.Bind,
            Source = Path.GetFullPath(string.IsNullOrEmpty(source) ? destination : source),
            Destination = destination,
            Options = ValidateVolumeOptions(options),
        };
    }

    private static List<MountRequest> ParseGlob(List<string> args)
    {
        var (source, destination, options) = ParseCommon(args, "glob", destinationRequired: false);
        if (string.IsNullOrEmpty(source))
        {
            throw new VainaException("src: " + OptionArgError);
        }

        var matches = GlobFiles(source);
        if (matches.Count == 0)
        {
            throw new VainaException($"no file paths matching glob \"{source}\"");
        }

        var validated = ValidateVolumeOptions(options);
        return matches.Select(m => new MountRequest
        {
            Kind = MountKind.Bind,
            Source = m,
            Destination = string.IsNullOrEmpty(destination) ? m : CleanPath(destination + "/" + Path.GetFileName(m)),
            Options = validated,
        }).ToList();
    }

    private static MountRequest ParseTmpfs(List<string> args, string type)
    {
        var (_, destination, options) = ParseCommon(args, type);
        return new MountRequest { Kind = type == "ramfs" ? MountKind.Ramfs : MountKind.Tmpfs, Source = type, Destination = destination, Options = options };
    }

    private static MountRequest ParseDevpts(List<string> args)
    {
        string? destination = null;
        var options = new List<string>();
        foreach (var arg in args)
        {
            var (name, value) = Cut(arg);
            switch (name)
            {
                case "uid" or "gid" or "mode" or "ptmxmode" or "newinstance" or "max":
                    options.Add(arg);
                    break;
                case "target" or "dst" or "destination":
                    destination = Destination(name, value);
                    break;
                default:
                    throw new VainaException($"{name}: {BadOption}");
            }
        }

        return new MountRequest { Kind = MountKind.Devpts, Source = "devpts", Destination = destination ?? throw new VainaException(NoDestination), Options = options };
    }

    private static MountRequest ParseNamedVolume(List<string> args)
    {
        var (source, destination, options) = ParseCommon(args, "volume");
        var volumeOptions = new Dictionary<string, string>(StringComparer.Ordinal);
        string? subPath = null;
        var kept = new List<string>();
        foreach (var option in options)
        {
            if (option.StartsWith("volume-opt=", StringComparison.Ordinal))
            {
                var (key, value) = Cut(option["volume-opt=".Length..]);
                volumeOptions[key] = value ?? string.Empty;
            }
            else if (option.StartsWith("subpath=", StringComparison.Ordinal))
            {
                subPath = option["subpath=".Length..];
            }
            else
            {
                kept.Add(option);
            }
        }

        return new MountRequest
        {
            Kind = MountKind.Volume,
            Source = source ?? string.Empty,
            Destination = destination,
            Options = kept,
            VolumeOptions = volumeOptions,
            SubPath = subPath,
        };
    }

    private static MountRequest ParseImage(List<string> args)
    {
        string? source = null, destination = null;
        bool readWrite = false;
        foreach (var arg in args)
        {
            var (name, value) = Cut(arg);
            switch (name)
            {
                case "src" or "source":
                    source = value ?? throw new VainaException($"{name}: {OptionArgError}");
                    break;
                case "target" or "dst" or "destination":
                    destination = Destination(name, value);
                    break;
                case "rw" or "readwrite":
                    readWrite = value switch
                    {
                        "true" => true,
                        "false" => false,
                        _ => throw new VainaException($"invalid rw value \"{value}\": {BadOption}"),
                    };
                    break;
                case "consistency":
                    break;
                default:
                    throw new VainaException($"{name}: {BadOption}");
            }
        }

        if (string.IsNullOrEmpty(source) || string.IsNullOrEmpty(destination))
        {
            throw new VainaException("must set source and destination for image volume");
        }

        return new MountRequest { Kind = MountKind.Image, Source = source, Destination = destination, Options = readWrite ? ["rw"] : ["ro"] };
    }

    /// <summary>The keys bind, volume, tmpfs and glob mounts share (Podman's parseMountOptions, per type).</summary>
    private static (string? Source, string Destination, List<string> Options) ParseCommon(List<string> args, string type, bool destinationRequired = true)
    {
        string? source = null, destination = null;
        var options = new List<string>();
        bool rorw = false, suid = false, dev = false, exec = false, relabel = false, chown = false, copyup = false, nocopy = false;
        bool isBind = type is "bind" or "glob";
        bool isTmpfs = type is "tmpfs" or "ramfs";
        bool isVolume = type == "volume";
        foreach (var arg in args)
        {
            var (name, value) = Cut(arg);
            switch (name)
            {
                case "bind-nonrecursive" when isBind:
                    options.Add("bind");
                    break;
                case "bind-propagation" when isBind:
                    if (value is null)
                    {
                        throw new VainaException($"{name}: {OptionArgError}");
                    }

                    if (value is not ("shared" or "rshared" or "private" or "rprivate" or "slave" or "rslave" or "unbindable" or "runbindable"))
                    {
                        throw new VainaException($"invalid value \"{arg}\"");
                    }

                    options.Add(value);
                    break;
                case "consistency":
                    break;
                case "idmap" when !isTmpfs:
                    options.Add(value is null ? "idmap" : "idmap=" + value);
                    break;
                case "readonly" or "ro" or "rw":
                    if (rorw)
                    {
                        throw new VainaException($"cannot pass 'readonly', 'ro', or 'rw' options more than once: {OptionArgError}");
                    }

                    rorw = true;
                    string flag = name == "readonly" ? "ro" : name;
                    switch (value?.ToLowerInvariant())
                    {
                        case null or "true":
                            options.Add(flag);
                            break;
                        case "false":
                            if (flag == "rw")
                            {
                                options.Add("ro");
                            }

                            break;
                        default:
                            throw new VainaException($"'readonly', 'ro', or 'rw' must be set to true or false, instead received \"{value}\": {OptionArgError}");
                    }

                    break;
                case "nosuid" or "suid":
                    Once(ref suid, "cannot pass 'nosuid' and 'suid' options more than once");
                    options.Add(name);
                    break;
                case "nodev" or "dev":
                    Once(ref dev, "cannot pass 'nodev' and 'dev' options more than once");
                    options.Add(name);
                    break;
                case "noexec" or "exec":
                    Once(ref exec, "cannot pass 'noexec' and 'exec' options more than once");
                    options.Add(name);
                    break;
                case "relabel" when !isTmpfs:
                    Once(ref relabel, "cannot pass 'relabel' option more than once");
                    options.Add(value switch
                    {
                        "private" => "Z",
                        "shared" => "z",
                        _ => throw new VainaException($"relabel mount option must be 'private' or 'shared': {BadOption}"),
                    });
                    break;
                case "shared" or "rshared" or "private" or "rprivate" or "slave" or "rslave" or "unbindable" or "runbindable" or "Z" or "z" when isBind:
                    options.Add(name);
                    break;
                case "src" or "source":
                    if (isTmpfs)
                    {
                        throw new VainaException("source is not supported with tmpfs mounts");
                    }

                    if (value is null)
                    {
                        throw new VainaException($"{name}: {OptionArgError}");
                    }

                    if (value.Length == 0)
                    {
                        throw new VainaException($"host directory cannot be empty: {OptionArgError}");
                    }

                    source = value;
                    break;
                case "target" or "dst" or "destination":
                    destination = Destination(name, value);
                    break;
                case "tmpcopyup" or "notmpcopyup" when isTmpfs:
                    Once(ref copyup, "cannot pass 'tmpcopyup' and 'notmpcopyup' options more than once");
                    options.Add(name);
                    break;
                case "tmpfs-mode" when isTmpfs:
                    options.Add("mode=" + (value ?? throw new VainaException($"{name}: {OptionArgError}")));
                    break;
                case "tmpfs-size" when isTmpfs:
                    options.Add("size=" + (value ?? throw new VainaException($"{name}: {OptionArgError}")));
                    break;
                case "noswap" when isTmpfs:
                    options.Add(name);
                    break;
                case "U" or "chown":
                    Once(ref chown, "cannot pass 'U' or 'chown' option more than once");
                    switch (value?.ToLowerInvariant())
                    {
                        case null or "" or "true":
                            options.Add("U");
                            break;
                        case "false":
                            break;
                        default:
                            throw new VainaException($"'U' or 'chown' must be set to true or false, instead received \"{value}\": {OptionArgError}");
                    }

                    break;
                case "volume-nocopy" or "nocopy" when isVolume:
                    Once(ref nocopy, "cannot pass 'volume-nocopy' option more than once");
                    if (value is null or "" || value.Equals("true", StringComparison.OrdinalIgnoreCase))
                    {
                        options.Add("nocopy");
                    }

                    break;
                case "volume-opt" when isVolume:
                    options.Add(arg);
                    break;
                case "volume-label" when isVolume:
                    throw new VainaException("the --volume-label option is not presently implemented");
                case "subpath" or "volume-subpath" when isVolume:
                    options.Add("subpath=" + (value ?? throw new VainaException($"{name}: {OptionArgError}")));
                    break;
                default:
                    throw new VainaException($"{name}: {BadOption}");
            }
        }

        if (destination is null && destinationRequired)
        {
            throw new VainaException(NoDestination);
        }

        return (source, destination ?? string.Empty, options);

        static void Once(ref bool seen, string message)
        {
            if (seen)
            {
                throw new VainaException($"{message}: {OptionArgError}");
            }

            seen = true;
        }
    }

    private static string Destination(string name, string? value)
    {
        if (value is null)
        {
            throw new VainaException($"{name}: {OptionArgError}");
        }

        ValidateContainerDir(value);
        return CleanPath(value);
    }

    private static (string Name, string? Value) Cut(string arg)
    {
        int eq = arg.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? (arg, null) : (arg[..eq], arg[(eq + 1)..]);
    }

    /// <summary>Go's encoding/csv for one record (Podman's --mount): a newline is not part of one mount.</summary>
    private static List<string> SplitCsv(string value)
    {
        if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
        {
            throw new VainaException(MountSyntax);
        }

        try
        {
            return CommaFields.Split(value, CommaQuoting.GoCsv);
        }
        catch (FormatException e)
        {
            throw new VainaException(e.Message);
        }
    }

    /// <summary>filepath.Glob: * ? and [..] in the last components; sorted results.</summary>
    private static List<string> GlobFiles(string pattern)
    {
        string full = Path.GetFullPath(pattern);
        var parts = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string> { "/" };
        foreach (var part in parts)
        {
            var next = new List<string>();
            foreach (var dir in current)
            {
                if (part.IndexOfAny(['*', '?', '[']) < 0)
                {
                    string candidate = Path.Combine(dir, part);
                    if (File.Exists(candidate) || Directory.Exists(candidate))
                    {
                        next.Add(candidate);
                    }

                    continue;
                }

                if (!Directory.Exists(dir))
                {
                    continue;
                }

                var regex = new Regex("^" + Regex.Escape(part).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal).Replace(@"\[", "[", StringComparison.Ordinal).Replace(@"\]", "]", StringComparison.Ordinal) + "$");
                next.AddRange(Directory.EnumerateFileSystemEntries(dir).Where(e => regex.IsMatch(Path.GetFileName(e))));
            }

            current = next;
        }

        current.Sort(StringComparer.Ordinal);
        return current;
    }
}
