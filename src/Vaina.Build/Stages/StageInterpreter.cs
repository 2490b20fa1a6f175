using Vaina.Build.Config;
using Vaina.Build.Expansion;
using Vaina.Build.Instructions;
using Vaina.Build.Parsing;

namespace Vaina.Build.Stages;

/// <summary>
/// Walks one stage: keeps the ARGs in scope and the image config, expands each instruction with the variables Docker
/// uses at that point and applies its metadata. Pure: the builder runs RUN/COPY/ADD and commits layers.
/// Call <see cref="Apply"/> for the base image's <see cref="OnBuildTriggers"/> first, then for each of the stage's instructions.
/// </summary>
public sealed class StageInterpreter
{
    private readonly BuildPlan _plan;
    private readonly BuildStage _stage;
    private readonly ShellLexer _lexer;
    private readonly Dictionary<string, string> _args = new(StringComparer.Ordinal);
    private readonly List<string> _argOrder = [];
    private bool _cmdSet;

    public StageInterpreter(BuildPlan plan, BuildStage stage, ImageConfig baseConfig)
    {
        _plan = plan;
        _stage = stage;
        _lexer = new ShellLexer(plan.File.Escape);
        var triggers = new List<Instruction>();
        foreach (string trigger in baseConfig.OnBuild)
        {
            triggers.Add(ContainerfileParser.ParseLine(trigger, plan.File.Escape, stage.From.Line, plan.File.FileName));
        }
        OnBuildTriggers = triggers;
        // Triggers run once, in the child build; the new image does not inherit them.
        Config = baseConfig with { OnBuild = [] };
    }

    /// <summary>The config after the steps applied so far.</summary>
    public ImageConfig Config { get; private set; }

    /// <summary>The base image's ONBUILD triggers, parsed; the builder runs them before the stage's own instructions.</summary>
    public IReadOnlyList<Instruction> OnBuildTriggers { get; }

    /// <summary>Declared ARGs with a value, in declaration order.</summary>
    public IReadOnlyDictionary<string, string> ArgsInScope =>
        _argOrder.Where(_args.ContainsKey).ToDictionary(n => n, n => _args[n], StringComparer.Ordinal);

    /// <summary>The variables instructions are expanded with: ARGs in scope overridden by ENV.</summary>
    public IReadOnlyDictionary<string, string> ExpansionEnvironment
    {
        get
        {
            var env = new Dictionary<string, string>(_args, StringComparer.Ordinal);
            foreach (var (k, v) in Config.EnvDictionary())
            {
                env[k] = v;
            }
            return env;
        }
    }

    /// <summary>Substitutes variables in <paramref name="raw"/> with the current scope (errors carry file:line).</summary>
    public Instruction Expand(Instruction raw) =>
        BuildPlanner.Expand(_plan.File, raw, new WordExpander(_lexer, ExpansionEnvironment));

    /// <param name="contentSummary">For COPY/ADD: the <c>file:&lt;hex&gt;</c>/<c>dir:&lt;hex&gt;</c> summary for history (see <see cref="Context.CopySourceDigester"/>).</param>
    public BuildStep Apply(Instruction raw, string? contentSummary = null)
    {
        if (raw is FromInstruction)
        {
            throw new ContainerfileException(_plan.File.FileName, raw.Line, "FROM starts a new stage: plan it with BuildPlanner");
        }
        var expanded = Expand(raw);
        if (expanded is ArgInstruction arg)
        {
            DeclareArgs(arg);
        }
        try
        {
            Config = ImageConfigApplier.Apply(Config, expanded, _cmdSet);
        }
        catch (FormatException e)
        {
            throw new ContainerfileException(_plan.File.FileName, raw.Line, e.Message, e);
        }
        if (raw is CmdInstruction)
        {
            _cmdSet = true;
        }
        var args = ArgsInScope;
        var history = new HistoryEntry(HistoryCreatedBy.For(raw, args, contentSummary, Config.EnvDictionary()), EmptyLayer: raw is not (RunInstruction or CopyInstruction));
        Config = Config with { History = [.. Config.History, history] };
        return new BuildStep
        {
            StageIndex = _stage.Index,
            Instruction = raw,
            Expanded = expanded,
            Config = Config,
            RunEnvironment = RunEnvironment(args),
            ArgsInScope = args,
            History = history,
        };
    }

    private void DeclareArgs(ArgInstruction arg)
    {
        foreach (var a in arg.Args)
        {
            if (a.Default is not null && a.Name is "TARGETPLATFORM" or "BUILDPLATFORM")
            {
                throw new ContainerfileException(_plan.File.FileName, arg.Line, $"attempted to redefine \"{a.Name}\": invalid argument");
            }
            string? value = null;
            if (_plan.BuildArgs.TryGetValue(a.Name, out string? given))
            {
                value = given;
            }
            else if (a.Default is not null)
            {
                value = a.Default;
            }
            else if (_plan.GlobalArgs.TryGetValue(a.Name, out string? global)
                && (_plan.GlobalArgNames.Contains(a.Name) || _plan.PlatformArgs.ContainsKey(a.Name)))
            {
                value = global;
            }
            if (!_argOrder.Contains(a.Name))
            {
                _argOrder.Add(a.Name);
            }
            if (value is null)
            {
                _args.Remove(a.Name);
            }
            else
            {
                _args[a.Name] = value;
            }
        }
    }

    private List<string> RunEnvironment(IReadOnlyDictionary<string, string> args)
    {
        var env = Config.Env.ToList();
        var envNames = Config.EnvDictionary();
        foreach (var (k, v) in args)
        {
            if (!envNames.ContainsKey(k))
            {
                env.Add(k + "=" + v);
            }
        }
        foreach (var (k, v) in _plan.BuildArgs)
        {
            if (PredefinedArgs.Proxy.Contains(k) && !envNames.ContainsKey(k) && !args.ContainsKey(k))
            {
                env.Add(k + "=" + v);
            }
        }
        return env;
    }
}
