using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vaina.Build.Expansion;
using Vaina.Build.Instructions;

namespace Vaina.Build.Parsing;

/// <summary>
/// Parses Containerfile/Dockerfile text with BuildKit's dockerfile frontend rules: parser directives at the top,
/// comments, continuation lines, heredocs, then each instruction into its typed record. Errors are
/// <see cref="ContainerfileException"/> naming the file and line.
/// </summary>
public static partial class ContainerfileParser
{
    [GeneratedRegex(@"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")]
    private static partial Regex Directive();

    [GeneratedRegex(@"^[a-z][a-z0-9\-_\.]*$")]
    private static partial Regex StageName();

    [GeneratedRegex(@"^\s*ONBUILD\s+", RegexOptions.IgnoreCase)]
    private static partial Regex OnBuildPrefix();

    private static readonly string[] HeredocInstructions = ["run", "copy", "add"];

    public static Containerfile ParseFile(string path, string? displayName = null) =>
        Parse(File.ReadAllText(path), displayName ?? Path.GetFileName(path));

    public static Containerfile Parse(string text, string fileName = "Containerfile")
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        var lines = text.Split('\n');
        int count = lines.Length;
        if (count > 0 && lines[^1].Length == 0)
        {
            count--; // the final newline does not start a line
        }
        for (int i = 0; i < count; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
        }

        char escape = '\\';
        var directives = new Dictionary<string, string>(StringComparer.Ordinal);
        bool directivesDone = false;
        var instructions = new List<Instruction>();
        var warnings = new List<string>();
        int n = 0; // index of the next line to read

        while (n < count)
        {
            string raw = lines[n];
            int startLine = n + 1;
            n++;
            if (!directivesDone)
            {
                var m = Directive().Match(raw);
                if (m.Success)
                {
                    string name = m.Groups[1].Value.ToLowerInvariant();
                    string value = m.Groups[2].Value;
                    if (!directives.TryAdd(name, value))
                    {
                        throw new ContainerfileException(fileName, startLine, $"only one {name} parser directive can be used");
                    }
                    if (name == "escape")
                    {
                        if (value is not ("`" or "\\"))
                        {
                            throw new ContainerfileException(fileName, startLine, $"invalid escape token '{value}' does not match ` or \\");
                        }
                        escape = value[0];
                    }
                    continue;
                }
                directivesDone = true;
            }

            string first = raw.TrimStart(' ', '\t');
            if (first.StartsWith('#'))
            {
                continue;
            }
            var (line, endOfLine) = TrimContinuation(first, escape);
            if (endOfLine && line.Length == 0)
            {
                continue;
            }
            bool emptyContinuation = false;
            while (!endOfLine && n < count)
            {
                string next = lines[n];
                n++;
                string trimmed = next.TrimStart(' ', '\t');
                if (trimmed.StartsWith('#'))
                {
                    continue;
                }
                if (trimmed.Length == 0)
                {
                    emptyContinuation = true;
                    continue;
                }
                (string part, endOfLine) = TrimContinuation(next, escape);
                line += part;
            }
            if (emptyContinuation)
            {
                warnings.Add($"{fileName}:{n}: Empty continuation line found in: {line}");
            }

            string keyword = SplitKeyword(line, out string rest).ToLowerInvariant();
            var heredocs = new List<Heredoc>();
            if (HeredocInstructions.Contains(keyword) && line.Contains("<<", StringComparison.Ordinal))
            {
                foreach (var marker in HeredocScanner.FromLine(line))
                {
                    var body = new StringBuilder();
                    bool terminated = false;
                    while (n < count)
                    {
                        string bodyLine = lines[n];
                        n++;
                        string candidate = marker.Chomp ? bodyLine.TrimStart('\t') : bodyLine;
                        if (candidate == marker.Name)
                        {
                            terminated = true;
                            break;
                        }
                        body.Append(bodyLine).Append('\n');
                    }
                    if (!terminated)
                    {
                        throw new ContainerfileException(fileName, startLine, $"unterminated heredoc {marker.Name}");
                    }
                    heredocs.Add(new Heredoc(marker.Name, body.ToString(), marker.Expand, marker.Chomp, marker.FileDescriptor));
                }
            }

            try
            {
                instructions.Add(ParseInstruction(keyword, rest, line, escape, heredocs, startLine, n, fileName));
            }
            catch (FormatException e)
            {
                throw new ContainerfileException(fileName, startLine, e.Message, e);
            }
        }

        if (instructions.Count == 0)
        {
            throw new ContainerfileException(fileName, Math.Max(count, 1), "file with no instructions");
        }
        return new Containerfile
        {
            FileName = fileName,
            Escape = escape,
            Syntax = directives.GetValueOrDefault("syntax"),
            Directives = directives,
            Instructions = instructions,
            Warnings = warnings,
        };
    }

    /// <summary>Parses one instruction line (no heredoc bodies); used for ONBUILD triggers and by tests.</summary>
    public static Instruction ParseLine(string line, char escape = '\\', int lineNumber = 1, string fileName = "Containerfile")
    {
        string keyword = SplitKeyword(line.Trim(), out string rest).ToLowerInvariant();
        try
        {
            return ParseInstruction(keyword, rest, line.Trim(), escape, [], lineNumber, lineNumber, fileName);
        }
        catch (FormatException e)
        {
            throw new ContainerfileException(fileName, lineNumber, e.Message, e);
        }
    }

    private static (string Line, bool EndOfLine) TrimContinuation(string line, char escape)
    {
        int end = line.Length;
        while (end > 0 && line[end - 1] is ' ' or '\t')
        {
            end--;
        }
        if (end > 0 && line[end - 1] == escape)
        {
            return (line[..(end - 1)], false);
        }
        return (line, true);
    }

    private static string SplitKeyword(string line, out string rest)
    {
        string trimmed = line.Trim();
        int i = 0;
        while (i < trimmed.Length && !IsSpace(trimmed[i]))
        {
            i++;
        }
        string keyword = trimmed[..i];
        rest = trimmed[i..].TrimStart(' ', '\t', '\v', '\f', '\r');
        return keyword;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\v' or '\f' or '\r';

    private static Instruction ParseInstruction(string keyword, string rest, string original, char escape,
        List<Heredoc> heredocs, int line, int endLine, string fileName)
    {
        var (flagWords, args) = LineWords.ExtractFlags(rest);
        string upper = keyword.ToUpperInvariant();
        Instruction result = keyword switch
        {
            "from" => ParseFrom(flagWords, args),
            "run" => ParseRun(flagWords, args, heredocs),
            "cmd" => new CmdInstruction { Command = ParseCommand(NoFlags(flagWords, args)) },
            "entrypoint" => new EntrypointInstruction { Command = ParseCommand(NoFlags(flagWords, args)) },
            "shell" => ParseShell(NoFlags(flagWords, args)),
            "copy" or "add" => ParseCopy(keyword == "add", flagWords, args, heredocs),
            "env" => new EnvInstruction { Variables = ParseNameValues(NoFlags(flagWords, args), "ENV", escape) },
            "label" => new LabelInstruction { Labels = ParseNameValues(NoFlags(flagWords, args), "LABEL", escape) },
            "arg" => ParseArg(NoFlags(flagWords, args), escape),
            "expose" => new ExposeInstruction { Ports = AtLeastOne(LineWords.SplitWhitespace(NoFlags(flagWords, args)), "EXPOSE") },
            "volume" => ParseVolume(NoFlags(flagWords, args), escape),
            "user" => new UserInstruction { User = ExactlyOne(NoFlags(flagWords, args), "USER") },
            "workdir" => new WorkdirInstruction { Path = ExactlyOne(NoFlags(flagWords, args), "WORKDIR") },
            "stopsignal" => new StopSignalInstruction { Signal = ExactlyOne(NoFlags(flagWords, args), "STOPSIGNAL") },
            "maintainer" => new MaintainerInstruction { Maintainer = ExactlyOne(NoFlags(flagWords, args), "MAINTAINER") },
            "healthcheck" => ParseHealthcheck(flagWords, args),
            "onbuild" => ParseOnBuild(flagWords, original, escape, line, fileName),
            _ => throw new FormatException($"unknown instruction: {upper}"),
        };
        return result with { Original = original, Line = line, EndLine = endLine };
    }

    private static string NoFlags(List<string> flags, string args)
    {
        NoFlags(flags);
        return args;
    }

    private static void NoFlags(List<string> flags) => InstructionFlags.Parse(flags, [], [], []);

    private static List<string> AtLeastOne(List<string> args, string keyword) =>
        args.Count > 0 ? args : throw new FormatException($"{keyword} requires at least one argument");

    private static string ExactlyOne(string args, string keyword) =>
        args.Length > 0 ? args : throw new FormatException($"{keyword} requires exactly one argument");

    private static FromInstruction ParseFrom(List<string> flagWords, string rest)
    {
        var flags = InstructionFlags.Parse(flagWords, ["platform"], [], []);
        var args = LineWords.SplitWhitespace(rest);
        if (!(args.Count == 1 || (args.Count == 3 && args[1].Equals("as", StringComparison.OrdinalIgnoreCase))))
        {
            throw new FormatException("FROM requires either one or three arguments");
        }
        string? name = null;
        if (args.Count == 3)
        {
            name = args[2].ToLowerInvariant();
            if (!StageName().IsMatch(name))
            {
                throw new FormatException($"invalid name for build stage: \"{args[2]}\", name can't start with a number or contain symbols");
            }
        }
        return new FromInstruction { Image = args[0], StageName = name, Platform = flags.String("platform") };
    }

    private static RunInstruction ParseRun(List<string> flagWords, string rest, List<Heredoc> heredocs)
    {
        var flags = InstructionFlags.Parse(flagWords, ["network", "security"], [], ["mount"]);
        string? network = flags.String("network");
        if (network is not (null or "none" or "host" or "default"))
        {
            throw new FormatException($"network mode \"{network}\" not supported");
        }
        string? security = flags.String("security");
        if (security is not (null or "insecure" or "sandbox"))
        {
            throw new FormatException($"security mode \"{security}\" not supported");
        }
        var mounts = flags.Array("mount").Select(RunMountParser.Parse).ToList();
        if (rest.Length == 0)
        {
            throw new FormatException("RUN requires at least one argument");
        }
        return new RunInstruction
        {
            Command = ParseCommand(rest),
            Mounts = mounts,
            Network = network,
            Security = security,
            Heredocs = heredocs,
        };
    }

    /// <summary>Exec form when the arguments are a JSON array of strings, shell form (the raw text) otherwise.</summary>
    private static InstructionCommand ParseCommand(string rest)
    {
        if (TryParseJsonArray(rest) is { } array)
        {
            return InstructionCommand.Exec(array);
        }
        return rest.Length == 0 ? InstructionCommand.Exec([]) : InstructionCommand.Shell(rest);
    }

    /// <summary>
    /// BuildKit parseJSON: null when the text is not a JSON array (then it is shell form); an error only when it is a
    /// JSON array with something other than strings.
    /// </summary>
    private static List<string>? TryParseJsonArray(string rest)
    {
        string s = rest.TrimStart();
        if (!s.StartsWith('['))
        {
            return null;
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(s);
        }
        catch (JsonException)
        {
            return null;
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var list = new List<string>();
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException("when using JSON array syntax, arrays must be comprised of strings only");
                }
                list.Add(e.GetString()!);
            }
            return list;
        }
    }

    private static ShellInstruction ParseShell(string rest)
    {
        if (rest.Length == 0)
        {
            throw new FormatException("SHELL requires at least one argument");
        }
        var array = TryParseJsonArray(rest) ?? throw new FormatException("SHELL requires the arguments to be in JSON form");
        if (array.Count == 0)
        {
            throw new FormatException("SHELL requires at least one argument");
        }
        return new ShellInstruction { Shell = array };
    }

    private static List<string> JsonOrWords(string rest, char escape) =>
        TryParseJsonArray(rest) ?? LineWords.Split(rest, escape);

    private static CopyInstruction ParseCopy(bool isAdd, List<string> flagWords, string rest, List<Heredoc> heredocs)
    {
        string name = isAdd ? "ADD" : "COPY";
        var flags = isAdd
            ? InstructionFlags.Parse(flagWords, ["chown", "chmod", "checksum"], ["link", "keep-git-dir", "unpack"], ["exclude"])
            : InstructionFlags.Parse(flagWords, ["from", "chown", "chmod"], ["link", "parents"], ["exclude"]);
        var args = JsonOrWords(rest, '\\');
        if (args.Count == 0)
        {
            throw new FormatException($"{name} requires at least two arguments");
        }
        if (args.Count == 1)
        {
            throw new FormatException($"{name} requires at least two arguments, but only one was provided. Destination could not be determined.");
        }
        string dest = args[^1];
        if (HeredocScanner.Parse(dest) is not null)
        {
            throw new FormatException($"{name} cannot accept a heredoc as a destination");
        }
        var sources = new List<string>();
        var docs = new List<Heredoc>();
        var pending = new Queue<Heredoc>(heredocs);
        foreach (string src in args.Take(args.Count - 1))
        {
            if (HeredocScanner.Parse(src) is { } marker && pending.Count > 0)
            {
                var doc = pending.Dequeue();
                docs.Add(doc with { Content = doc.EffectiveContent, Name = marker.Name, Chomp = false });
            }
            else
            {
                sources.Add(src);
            }
        }
        string? chmod = flags.String("chmod");
        return new CopyInstruction
        {
            IsAdd = isAdd,
            Sources = sources,
            HeredocSources = docs,
            Destination = dest,
            From = flags.String("from"),
            Chown = flags.String("chown"),
            Chmod = chmod,
            Link = flags.Bool("link"),
            Parents = flags.Bool("parents"),
            Excludes = flags.Array("exclude"),
            Checksum = flags.String("checksum"),
            KeepGitDir = flags.Bool("keep-git-dir"),
            Unpack = flags.OptionalBool("unpack"),
        };
    }

    /// <summary>
    /// ENV/LABEL: <c>KEY value words</c> (old form, when the first word has no '=') or <c>k=v k2="v 2"</c>.
    /// Values keep their quotes here; expansion removes them.
    /// </summary>
    private static List<KeyValue> ParseNameValues(string rest, string keyword, char escape)
    {
        var words = LineWords.Split(rest, escape);
        if (words.Count == 0)
        {
            throw new FormatException($"{keyword} requires at least one argument");
        }
        var result = new List<KeyValue>();
        if (!words[0].Contains('='))
        {
            int i = 0;
            while (i < rest.Length && !IsSpace(rest[i]))
            {
                i++;
            }
            string value = rest[i..].TrimStart(' ', '\t', '\v', '\f', '\r');
            if (value.Length == 0)
            {
                throw new FormatException($"{keyword} must have two arguments");
            }
            result.Add(new KeyValue(rest[..i], value));
        }
        else
        {
            foreach (string word in words)
            {
                int eq = word.IndexOf('=');
                if (eq < 0)
                {
                    throw new FormatException($"Syntax error - can't find = in \"{word}\". Must be of the form: name=value");
                }
                result.Add(new KeyValue(word[..eq], word[(eq + 1)..]));
            }
        }
        foreach (var kv in result)
        {
            if (kv.Key.Length == 0)
            {
                throw new FormatException($"{keyword} names can not be blank");
            }
            CheckQuotes(kv.Key, escape);
            CheckQuotes(kv.Value, escape);
        }
        return result;
    }

    /// <summary>Unclosed quotes are reported at parse time (with the line) instead of at the step that expands them.</summary>
    private static void CheckQuotes(string word, char escape)
    {
        var lexer = new ShellLexer(escape) { SkipUnsetEnv = true };
        lexer.ProcessWord(word, EmptyEnv);
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyEnv = new Dictionary<string, string>();

    private static ArgInstruction ParseArg(string rest, char escape)
    {
        var words = LineWords.Split(rest, escape);
        if (words.Count == 0)
        {
            throw new FormatException("ARG requires at least one argument");
        }
        var args = new List<ArgDeclaration>();
        foreach (string word in words)
        {
            int eq = word.IndexOf('=');
            string name = eq < 0 ? word : word[..eq];
            if (name.Length == 0)
            {
                throw new FormatException("ARG names can not be blank");
            }
            string? value = eq < 0 ? null : word[(eq + 1)..];
            if (value is not null)
            {
                CheckQuotes(value, escape);
            }
            args.Add(new ArgDeclaration(name, value));
        }
        return new ArgInstruction { Args = args };
    }

    private static VolumeInstruction ParseVolume(string rest, char escape)
    {
        var paths = JsonOrWords(rest, escape);
        if (paths.Count == 0)
        {
            throw new FormatException("VOLUME requires at least one argument");
        }
        if (paths.Any(p => p.Trim().Length == 0))
        {
            throw new FormatException("VOLUME specified can not be an empty string");
        }
        return new VolumeInstruction { Paths = paths };
    }

    private static HealthcheckInstruction ParseHealthcheck(List<string> flagWords, string rest)
    {
        if (rest.Length == 0)
        {
            throw new FormatException("HEALTHCHECK requires at least one argument");
        }
        SplitKeyword(rest, out string cmdRest);
        string type = rest.Split([' ', '\t'], 2)[0].ToUpperInvariant();
        if (type == "NONE")
        {
            if (cmdRest.Length > 0 || flagWords.Count > 0)
            {
                throw new FormatException("HEALTHCHECK NONE takes no arguments");
            }
            return new HealthcheckInstruction { IsNone = true };
        }
        if (type != "CMD")
        {
            throw new FormatException($"Unknown type \"{type}\" in HEALTHCHECK (try CMD)");
        }
        var flags = InstructionFlags.Parse(flagWords, ["interval", "timeout", "start-period", "start-interval", "retries"], [], []);
        if (cmdRest.Length == 0)
        {
            throw new FormatException("Missing command after HEALTHCHECK CMD");
        }
        int? retries = null;
        if (flags.String("retries") is { } r)
        {
            if (!int.TryParse(r, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int rv))
            {
                throw new FormatException($"strconv.ParseInt: parsing \"{r}\": invalid syntax");
            }
            if (rv < 0)
            {
                throw new FormatException($"--retries cannot be negative ({rv})");
            }
            retries = rv;
        }
        return new HealthcheckInstruction
        {
            Command = ParseCommand(cmdRest),
            Interval = Interval(flags, "interval"),
            Timeout = Interval(flags, "timeout"),
            StartPeriod = Interval(flags, "start-period"),
            StartInterval = Interval(flags, "start-interval"),
            Retries = retries,
        };
    }

    private static TimeSpan? Interval(InstructionFlags flags, string name)
    {
        string? s = flags.String(name);
        if (s is null)
        {
            return null;
        }
        if (s.Length == 0)
        {
            return TimeSpan.Zero;
        }
        var d = GoDuration.Parse(s);
        if (d != TimeSpan.Zero && d < TimeSpan.FromMilliseconds(1))
        {
            throw new FormatException($"Interval \"{name}\" cannot be less than 1ms");
        }
        if (d < TimeSpan.Zero)
        {
            throw new FormatException($"Interval \"{name}\" cannot be less than 1ms");
        }
        return d;
    }

    private static OnBuildInstruction ParseOnBuild(List<string> flagWords, string original, char escape, int line, string fileName)
    {
        NoFlags(flagWords);
        SplitKeyword(original, out string afterOnBuild);
        if (afterOnBuild.Length == 0)
        {
            throw new FormatException("ONBUILD requires at least one argument");
        }
        string trigger = OnBuildPrefix().Replace(original, "").Trim();
        string keyword = SplitKeyword(trigger, out _).ToUpperInvariant();
        switch (keyword)
        {
            case "ONBUILD":
                throw new FormatException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "FROM" or "MAINTAINER":
                throw new FormatException($"{keyword} isn't allowed as an ONBUILD trigger");
        }
        Instruction parsed;
        try
        {
            parsed = ParseLine(trigger, escape, line, fileName);
        }
        catch (ContainerfileException e)
        {
            throw new FormatException(e.Detail, e);
        }
        return new OnBuildInstruction { TriggerText = trigger, Trigger = parsed };
    }
}
