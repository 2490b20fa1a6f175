using System.Globalization;
using Vaina.Build.Expansion;
using Vaina.Build.Instructions;

namespace Vaina.Build.Stages;

/// <summary>Splits a Containerfile into stages, resolves the global ARGs and FROM images, and selects what a target needs.</summary>
public static class BuildPlanner
{
    public static BuildPlan Plan(Containerfile file, BuildPlanOptions options)
    {
        var buildArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in options.BuildArgs)
        {
            buildArgs[k] = v;
        }
        var target = options.TargetPlatform ?? PlatformSpec.Host;
        var platformArgs = PredefinedArgs.Platform(target, options.BuildPlatform ?? PlatformSpec.Host);
        var lexer = new ShellLexer(file.Escape);

        // Global scope: automatic platform args, then the ARG lines before the first FROM.
        var global = new Dictionary<string, string>(platformArgs, StringComparer.Ordinal);
        var globalNames = new HashSet<string>(StringComparer.Ordinal);
        var stages = new List<BuildStage>();
        int i = 0;
        var instructions = file.Instructions;
        for (; i < instructions.Count && instructions[i] is not FromInstruction; i++)
        {
            if (instructions[i] is not ArgInstruction arg)
            {
                throw new ContainerfileException(file.FileName, instructions[i].Line, "no build stage in current context");
            }
            // Global ARGs are resolved one by one, so a default may use an ARG earlier on the same line (as BuildKit's meta args).
            foreach (var declaration in arg.Args)
            {
                var single = (ArgInstruction)Expand(file, arg with { Args = [declaration] }, new WordExpander(lexer, global));
                var a = single.Args[0];
                globalNames.Add(a.Name);
                if (buildArgs.TryGetValue(a.Name, out string? given))
                {
                    global[a.Name] = given;
                }
                else if (a.Default is not null)
                {
                    global[a.Name] = a.Default;
                }
            }
        }
        if (i == instructions.Count)
        {
            throw new ContainerfileException(file.FileName, instructions[^1].Line, "no build stage in current context");
        }

        var fromExpander = new WordExpander(lexer, global);
        while (i < instructions.Count)
        {
            var from = (FromInstruction)instructions[i];
            var body = new List<Instruction>();
            for (i++; i < instructions.Count && instructions[i] is not FromInstruction; i++)
            {
                body.Add(instructions[i]);
            }
            var expandedFrom = (FromInstruction)Expand(file, from, fromExpander);
            if (expandedFrom.Image.Length == 0)
            {
                throw new ContainerfileException(file.FileName, from.Line, $"base name ({from.Image}) should not be blank");
            }
            int index = stages.Count;
            if (from.StageName is { } name && stages.Any(s => s.Name == name))
            {
                throw new ContainerfileException(file.FileName, from.Line, $"duplicate stage name \"{name}\"");
            }
            var baseStage = FindStageByName(stages, expandedFrom.Image);
            var deps = new SortedSet<int>();
            if (baseStage is not null)
            {
                deps.Add(baseStage.Index);
            }
            foreach (var instr in body)
            {
                foreach (string reference in StageReferences(instr))
                {
                    string r = reference.Contains('$', StringComparison.Ordinal) ? SafeExpand(fromExpander, reference) : reference;
                    if (FindStage(stages, r, index) is { } dep)
                    {
                        deps.Add(dep.Index);
                    }
                }
            }
            stages.Add(new BuildStage
            {
                Index = index,
                Name = from.StageName,
                From = from,
                BaseImage = expandedFrom.Image,
                BaseStage = baseStage?.Index,
                Platform = expandedFrom.Platform,
                Instructions = body,
                DependsOn = deps.ToList(),
            });
        }

        BuildStage targetStage;
        if (options.Target is { Length: > 0 } t)
        {
            targetStage = stages.FirstOrDefault(s => s.Name == t.ToLowerInvariant())
                ?? throw new VainaException($"target stage \"{t}\" could not be found");
        }
        else
        {
            targetStage = stages[^1];
        }

        var required = new SortedSet<int>();
        var work = new Stack<int>();
        work.Push(targetStage.Index);
        while (work.Count > 0)
        {
            int s = work.Pop();
            if (required.Add(s))
            {
                foreach (int d in stages[s].DependsOn)
                {
                    work.Push(d);
                }
            }
        }

        // Only ARGs of the stages that are built consume build args (plus the global ones).
        var consumed = new HashSet<string>(globalNames, StringComparer.Ordinal);
        foreach (int s in required)
        {
            foreach (var a in stages[s].Instructions.OfType<ArgInstruction>())
            {
                consumed.UnionWith(a.Args.Select(x => x.Name));
            }
        }
        var unused = buildArgs.Keys
            .Where(k => !consumed.Contains(k) && !PredefinedArgs.Proxy.Contains(k) && !PredefinedArgs.PlatformNames.Contains(k))
            .Order(StringComparer.Ordinal)
            .ToList();

        return new BuildPlan
        {
            File = file,
            Stages = stages,
            Target = targetStage,
            RequiredStages = required.ToList(),
            GlobalArgs = global.Where(kv => globalNames.Contains(kv.Key) || platformArgs.ContainsKey(kv.Key))
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            GlobalArgNames = globalNames,
            BuildArgs = buildArgs,
            PlatformArgs = platformArgs,
            UnusedBuildArgs = unused,
        };
    }

    internal static BuildStage? FindStage(IReadOnlyList<BuildStage> stages, string reference, int beforeIndex)
    {
        if (int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            return n < beforeIndex && n < stages.Count ? stages[n] : null;
        }
        var byName = FindStageByName(stages, reference);
        return byName is not null && byName.Index < beforeIndex ? byName : null;
    }

    private static BuildStage? FindStageByName(IEnumerable<BuildStage> stages, string name)
    {
        string lower = name.ToLowerInvariant();
        return stages.FirstOrDefault(s => s.Name == lower);
    }

    private static IEnumerable<string> StageReferences(Instruction instr)
    {
        switch (instr)
        {
            case CopyInstruction { From: { } f }:
                yield return f;
                break;
            case RunInstruction run:
                foreach (var m in run.Mounts)
                {
                    if (m.From is { } mf)
                    {
                        yield return mf;
                    }
                }
                break;
        }
    }

    private static string SafeExpand(WordExpander expander, string word)
    {
        try
        {
            return expander.Word(word);
        }
        catch (FormatException)
        {
            return word;
        }
    }

    internal static Instruction Expand(Containerfile file, Instruction instruction, WordExpander expander)
    {
        try
        {
            return instruction.Expand(expander);
        }
        catch (FormatException e)
        {
            throw new ContainerfileException(file.FileName, instruction.Line, e.Message, e);
        }
    }
}
