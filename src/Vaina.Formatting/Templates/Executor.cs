using System.Text;
using System.Text.Json.Nodes;

namespace Vaina.Formatting.Templates;

/// <summary>Thrown by builtins for a Go "error calling f: ..." error.</summary>
internal sealed class CallException(string message) : Exception(message);

/// <summary>Thrown by argument conversion: reported without the "error calling" prefix, like Go's evalArg.</summary>
internal sealed class ArgumentTypeException(string message) : Exception(message);

/// <summary>Walks a parsed template over a value, with Go's execution semantics and error wording.</summary>
internal sealed class Executor
{
    private static readonly object Missing = new();
    private readonly string _name;
    private readonly string _text;
    private readonly TextWriter _out;
    private readonly List<KeyValuePair<string, object?>> _vars = new();
    private Node? _node;

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public Executor(string name, string text, TextWriter output, object? data)
    {
        _name = name;
        _text = text;
        _out = output;
        _vars.Add(new("$", data));
    }

    public void Run(ListNode root, object? data) => Walk(data, root);

    private TemplateException Error(string message)
    {
        if (_node is null)
        {
            return new TemplateException($"template: {_name}: {message}");
        }
        int pos = Math.Min(_node.Pos, _text.Length);
        int nl = _text.LastIndexOf('\n', Math.Max(pos - 1, 0));
        if (pos == 0)
        {
            nl = -1;
        }
        int line = 1;
        for (int i = 0; i < pos; i++)
        {
            if (_text[i] == '\n')
            {
                line++;
            }
        }
        int col = Encoding.UTF8.GetByteCount(_text.AsSpan(nl + 1, pos - nl - 1));
        string context = _node.ToString()!;
        if (context.Length > 20)
        {
            context = context[..20] + "...";
        }
        return new TemplateException($"template: {_name}:{line}:{col}: executing {GoQuote.Quote(_name)} at <{context}>: {message}");
    }

    private Flow Walk(object? dot, Node node)
    {
        _node = node;
        switch (node)
        {
            case ListNode list:
                foreach (Node n in list.Nodes)
                {
                    Flow f = Walk(dot, n);
                    if (f != Flow.Normal)
                    {
                        return f;
                    }
                }
                return Flow.Normal;
            case TextNode text:
                _out.Write(text.Text);
                return Flow.Normal;
            case ActionNode action:
                {
                    object? val = EvalPipeline(dot, action.Pipe);
                    if (action.Pipe.Decl.Count == 0)
                    {
                        _node = action;
                        _out.Write(GoValues.Print(val));
                    }
                    return Flow.Normal;
                }
            case BranchNode b when b.Kind == TokenKind.Range:
                return WalkRange(dot, b);
            case BranchNode b:
                {
                    int mark = _vars.Count;
                    object? val = EvalPipeline(dot, b.Pipe);
                    Flow f = Flow.Normal;
                    if (GoValues.Truth(val))
                    {
                        f = Walk(b.Kind == TokenKind.With ? val : dot, b.List);
                    }
                    else if (b.ElseList is not null)
                    {
                        f = Walk(dot, b.ElseList);
                    }
                    _vars.RemoveRange(mark, _vars.Count - mark);
                    return f;
                }
            case BreakNode:
                return Flow.Break;
            case ContinueNode:
                return Flow.Continue;
        }
        throw Error($"unknown node: {node}");
    }

    private Flow WalkRange(object? dot, BranchNode r)
    {
        int mark = _vars.Count;
        object? val = EvalPipeline(dot, r.Pipe);
        _node = r;
        int iterations = 0;
        Flow Iterate(object? index, object? elem)
        {
            iterations++;
            int decl = r.Pipe.Decl.Count;
            if (decl > 0)
            {
                if (r.Pipe.IsAssign)
                {
                    SetVar(r.Pipe.Decl[0].Idents[0], decl > 1 ? index : elem);
                    if (decl > 1)
                    {
                        SetVar(r.Pipe.Decl[1].Idents[0], elem);
                    }
                }
                else
                {
                    _vars[^1] = new(_vars[^1].Key, elem);
                    if (decl > 1)
                    {
                        _vars[^2] = new(_vars[^2].Key, index);
                    }
                }
            }
            int inner = _vars.Count;
            Flow f = Walk(elem, r.List);
            _vars.RemoveRange(inner, _vars.Count - inner);
            return f;
        }
        switch (val)
        {
            case IReadOnlyList<object?> list:
                for (int i = 0; i < list.Count; i++)
                {
                    if (Iterate((long)i, list[i]) == Flow.Break)
                    {
                        break;
                    }
                }
                break;
            case JsonObject o:
                foreach (string key in GoValues.SortedKeys(o))
                {
                    if (Iterate(key, GoValues.FromNode(o[key])) == Flow.Break)
                    {
                        break;
                    }
                }
                break;
            case long n:
                if (r.Pipe.Decl.Count > 1)
                {
                    throw Error($"can't use {n} to iterate over more than one variable");
                }
                for (long i = 0; i < n; i++)
                {
                    if (Iterate(i, i) == Flow.Break)
                    {
                        break;
                    }
                }
                break;
            case null or NoValue:
                break;
            default:
                throw Error($"range can't iterate over {GoValues.Print(val)}");
        }
        Flow result = Flow.Normal;
        if (iterations == 0 && r.ElseList is not null)
        {
            result = Walk(dot, r.ElseList);
        }
        _vars.RemoveRange(mark, _vars.Count - mark);
        return result == Flow.Normal ? Flow.Normal : result;
    }

    private void SetVar(string name, object? value)
    {
        for (int i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Key == name)
            {
                _vars[i] = new(name, value);
                return;
            }
        }
        throw Error($"undefined variable: {name}");
    }

    private object? VarValue(string name)
    {
        for (int i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Key == name)
            {
                return _vars[i].Value;
            }
        }
        throw Error($"undefined variable: {name}");
    }

    private object? EvalPipeline(object? dot, PipeNode pipe)
    {
        _node = pipe;
        object? value = Missing;
        foreach (CommandNode cmd in pipe.Cmds)
        {
            value = EvalCommand(dot, cmd, value);
        }
        foreach (VariableNode v in pipe.Decl)
        {
            if (pipe.IsAssign)
            {
                SetVar(v.Idents[0], value);
            }
            else
            {
                _vars.Add(new(v.Idents[0], value));
            }
        }
        return value;
    }

    private void NotAFunction(List<Node> args, object? final)
    {
        if (args.Count > 1 || final != Missing)
        {
            throw Error($"can't give argument to non-function {args[0]}");
        }
    }

    private object? EvalCommand(object? dot, CommandNode cmd, object? final)
    {
        Node first = cmd.Args[0];
        switch (first)
        {
            case FieldNode f:
                _node = f;
                return EvalFieldChain(dot, dot, f, f.Idents, cmd.Args, final);
            case ChainNode c:
                return EvalChain(dot, c, cmd.Args, final);
            case IdentifierNode id:
                return EvalFunction(dot, id, cmd, cmd.Args, final);
            case PipeNode p:
                NotAFunction(cmd.Args, final);
                return EvalPipeline(dot, p);
            case VariableNode v:
                return EvalVariable(dot, v, cmd.Args, final);
        }
        _node = first;
        NotAFunction(cmd.Args, final);
        return first switch
        {
            BoolNode b => b.Value,
            DotNode => dot,
            NilNode => throw Error("nil is not a command"),
            NumberNode n => n.Value,
            StringNode s => s.Text,
            _ => throw Error($"can't evaluate command {first}"),
        };
    }

    private object? EvalChain(object? dot, ChainNode chain, List<Node>? args, object? final)
    {
        if (chain.Target is NilNode)
        {
            throw Error($"indirection through explicit nil in {chain}");
        }
        object? target = EvalArg(dot, chain.Target);
        _node = chain;
        return EvalFieldChain(dot, target, chain, chain.Fields, args, final);
    }

    private object? EvalVariable(object? dot, VariableNode v, List<Node>? args, object? final)
    {
        _node = v;
        object? value = VarValue(v.Idents[0]);
        if (v.Idents.Length == 1)
        {
            if (args is not null)
            {
                NotAFunction(args, final);
            }
            return value;
        }
        return EvalFieldChain(dot, value, v, v.Idents[1..], args, final);
    }

    private object? EvalFieldChain(object? dot, object? receiver, Node node, string[] idents, List<Node>? args, object? final)
    {
        int n = idents.Length;
        for (int i = 0; i < n - 1; i++)
        {
            receiver = EvalField(idents[i], false, receiver);
        }
        bool hasArgs = (args is not null && args.Count > 1) || final != Missing;
        return EvalField(idents[n - 1], hasArgs, receiver);
    }

    private object? EvalField(string field, bool hasArgs, object? receiver)
    {
        switch (receiver)
        {
            case null or NoValue:
                return NoValue.Instance;
            case OverlayObject ov:
                if (ov.Fields.TryGetValue(field, out object? computed))
                {
                    if (hasArgs)
                    {
                        throw Error($"{field} has arguments but cannot be invoked as function");
                    }
                    return computed is JsonNode cn ? GoValues.FromNode(cn) : computed;
                }
                if (ov.Data is JsonObject data && data.TryGetPropertyValue(field, out JsonNode? dv))
                {
                    if (hasArgs)
                    {
                        throw Error($"{field} has arguments but cannot be invoked as function");
                    }
                    return GoValues.FromNode(dv);
                }
                throw Error($"can't evaluate field {field} in type {ov.TypeName}");
            case JsonObject o:
                {
                    if (!hasArgs && o.TryGetPropertyValue(field, out JsonNode? hit))
                    {
                        return GoValues.FromNode(hit);
                    }
                    bool isMap = GoValues.IsMapLike(o);
                    if (isMap && hasArgs)
                    {
                        throw Error($"{field} is not a method but has arguments");
                    }
                    if (o.TryGetPropertyValue(field, out JsonNode? value))
                    {
                        if (hasArgs)
                        {
                            throw Error($"{field} has arguments but cannot be invoked as function");
                        }
                        return GoValues.FromNode(value);
                    }
                    if (isMap)
                    {
                        return NoValue.Instance;
                    }
                    if (GoFieldKeys.JsonKeyOf(field) is { } jsonKey && o.TryGetPropertyValue(jsonKey, out JsonNode? tagged))
                    {
                        if (hasArgs)
                        {
                            throw Error($"{field} has arguments but cannot be invoked as function");
                        }
                        return GoValues.FromNode(tagged);
                    }
                    throw Error($"can't evaluate field {field} in type {GoValues.TypeName(o)}");
                }
            case HeaderObject h:
                return new HeaderText(h.Header(field));
            case HeaderText:
                return new HeaderText(HeaderNames.FromField(field));
        }
        throw Error($"can't evaluate field {field} in type {GoValues.TypeName(receiver)}");
    }

    private object? EvalArg(object? dot, Node n)
    {
        _node = n;
        switch (n)
        {
            case DotNode:
                return dot;
            case NilNode:
                return null;
            case FieldNode f:
                return EvalFieldChain(dot, dot, f, f.Idents, null, Missing);
            case VariableNode v:
                return EvalVariable(dot, v, null, Missing);
            case PipeNode p:
                return EvalPipeline(dot, p);
            case IdentifierNode id:
                return EvalFunction(dot, id, id, null, Missing);
            case ChainNode c:
                return EvalChain(dot, c, null, Missing);
            case BoolNode b:
                return b.Value;
            case NumberNode num:
                return num.Value;
            case StringNode s:
                return s.Text;
        }
        throw Error($"can't handle {n} for arg");
    }

    // Go's evalArg: literals must match the parameter type; other values go through validateType.
    private object? EvalTypedArg(object? dot, string type, Node n)
    {
        _node = n;
        if (type != "any" && n is BoolNode or NumberNode or StringNode)
        {
            switch (type)
            {
                case "string" when n is not StringNode:
                    throw Error($"expected string; found {n}");
                case "int" when n is not NumberNode { Value: long }:
                    if (n is NumberNode { Value: double d } && d == Math.Floor(d))
                    {
                        return (long)d;
                    }
                    throw Error($"expected integer; found {n}");
                case "[]string":
                    throw Error($"can't handle {n} for arg of type []string");
            }
        }
        if (n is NilNode && type is "string" or "int")
        {
            throw Error($"cannot assign nil to {type}");
        }
        object? v = EvalArg(dot, n);
        _node = n;
        return Builtins.Validate(v, type);
    }

    private object? EvalFunction(object? dot, IdentifierNode id, Node cmd, List<Node>? args, object? final)
    {
        _node = id;
        string name = id.Name;
        int argCount = (args is null ? 0 : args.Count - 1) + (final != Missing ? 1 : 0);
        if (name is "and" or "or")
        {
            if (argCount < 1)
            {
                throw Error($"wrong number of args for {name}: want at least 1 got 0");
            }
            object? v = null;
            int explicitArgs = args is null ? 0 : args.Count - 1;
            for (int i = 0; i < argCount; i++)
            {
                v = i < explicitArgs ? EvalArg(dot, args![i + 1]) : final;
                bool t = GoValues.Truth(v);
                if (name == "and" ? !t : t)
                {
                    return v;
                }
            }
            return v;
        }
        Builtins.Function fn = Builtins.Get(name) ?? throw Error($"{GoQuote.Quote(name)} is not a defined function");
        if (argCount < fn.MinArgs || (fn.MaxArgs >= 0 && argCount > fn.MaxArgs))
        {
            string want = fn.MaxArgs < 0 ? $"at least {fn.MinArgs}" : fn.MinArgs.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw Error($"wrong number of args for {name}: want {want} got {argCount}");
        }
        var values = new object?[argCount];
        int k = 0;
        try
        {
            if (args is not null)
            {
                for (int i = 1; i < args.Count; i++)
                {
                    values[k] = EvalTypedArg(dot, fn.ParamType(k), args[i]);
                    k++;
                }
            }
            if (final != Missing)
            {
                values[k] = Builtins.Validate(final, fn.ParamType(k));
            }
        }
        catch (ArgumentTypeException e)
        {
            throw Error(e.Message);
        }
        try
        {
            return fn.Invoke(values);
        }
        catch (ArgumentTypeException e)
        {
            throw Error(e.Message);
        }
        catch (CallException e)
        {
            _node = cmd;
            throw Error($"error calling {name}: {e.Message}");
        }
    }
}
