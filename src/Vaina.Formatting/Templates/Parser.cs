using System.Globalization;

namespace Vaina.Formatting.Templates;

/// <summary>Recursive-descent parser following Go's text/template/parse, with Go's error wording.</summary>
internal sealed class Parser
{
    private readonly string _name;
    private readonly List<Token> _tokens;
    private readonly Func<string, bool> _hasFunction;
    private readonly List<string> _vars = new() { "$" };
    private int _index;
    private int _rangeDepth;
    private Token _last;

    private Parser(string name, string text, Func<string, bool> hasFunction)
    {
        _name = name;
        _tokens = new Lexer(text).Run();
        _hasFunction = hasFunction;
    }

    public static ListNode Parse(string name, string text, Func<string, bool> hasFunction) =>
        new Parser(name, text, hasFunction).ParseRoot();

    private Token Next()
    {
        Token t = _tokens[Math.Min(_index, _tokens.Count - 1)];
        _index++;
        _last = t;
        if (t.Kind == TokenKind.Error)
        {
            throw Error(t.Value);
        }
        return t;
    }

    private Token Peek()
    {
        Token t = _tokens[Math.Min(_index, _tokens.Count - 1)];
        if (t.Kind == TokenKind.Error)
        {
            _last = t;
            throw Error(t.Value);
        }
        return t;
    }

    private void Backup(int n = 1) => _index -= n;

    private Token NextNonSpace()
    {
        Token t;
        do
        {
            t = Next();
        }
        while (t.Kind == TokenKind.Space);
        return t;
    }

    private Token PeekNonSpace()
    {
        Token t = NextNonSpace();
        Backup();
        // Keep spaces consumed: Go's peekNonSpace leaves the position after the spaces.
        return t;
    }

    private TemplateException Error(string message) =>
        new($"template: {_name}:{_last.Line}: {message}");

    private TemplateException Unexpected(Token t, string context) =>
        t.Kind == TokenKind.Error ? Error(t.Value) : Error($"unexpected {t} in {context}");

    private ListNode ParseRoot()
    {
        var root = new ListNode(0);
        while (Peek().Kind != TokenKind.Eof)
        {
            Node n = TextOrAction();
            if (n is EndMarker or ElseMarker)
            {
                throw Error($"unexpected {n}");
            }
            root.Nodes.Add(n);
        }
        return root;
    }

    private sealed class EndMarker(int pos) : Node(pos)
    {
        public override string ToString() => "{{end}}";
    }

    private sealed class ElseMarker(int pos, bool chained) : Node(pos)
    {
        // True for "else if"/"else with": the next token is the keyword of a nested control.
        public bool Chained { get; } = chained;

        public override string ToString() => "{{else}}";
    }

    private Node TextOrAction()
    {
        Token t = NextNonSpace();
        switch (t.Kind)
        {
            case TokenKind.Text:
                return new TextNode(t.Pos, t.Value);
            case TokenKind.LeftDelim:
                return Action();
            default:
                throw Unexpected(t, "input");
        }
    }

    private Node Action()
    {
        Token t = NextNonSpace();
        switch (t.Kind)
        {
            case TokenKind.Block or TokenKind.Define or TokenKind.Template:
                throw Error($"{{{{{t.Value}}}}} is not supported");
            case TokenKind.Break:
                return BreakOrContinue(t, "break");
            case TokenKind.Continue:
                return BreakOrContinue(t, "continue");
            case TokenKind.Else:
                return ElseControl(t);
            case TokenKind.End:
                {
                    Token r = NextNonSpace();
                    if (r.Kind != TokenKind.RightDelim)
                    {
                        throw Unexpected(r, "end");
                    }
                    return new EndMarker(t.Pos);
                }
            case TokenKind.If:
                return Control(TokenKind.If, "if");
            case TokenKind.Range:
                return Control(TokenKind.Range, "range");
            case TokenKind.With:
                return Control(TokenKind.With, "with");
        }
        Backup();
        Token start = Peek();
        PipeNode pipe = Pipeline("command", TokenKind.RightDelim);
        return new ActionNode(start.Pos, pipe);
    }

    private Node BreakOrContinue(Token t, string word)
    {
        Token r = NextNonSpace();
        if (r.Kind != TokenKind.RightDelim)
        {
            throw Unexpected(r, "{{" + word + "}}");
        }
        if (_rangeDepth == 0)
        {
            throw Error($"{{{{{word}}}}} outside {{{{range}}}}");
        }
        return word == "break" ? new BreakNode(t.Pos) : new ContinueNode(t.Pos);
    }

    private Node ElseControl(Token t)
    {
        Token p = PeekNonSpace();
        if (p.Kind is TokenKind.If or TokenKind.With)
        {
            return new ElseMarker(t.Pos, true);
        }
        Token r = NextNonSpace();
        if (r.Kind != TokenKind.RightDelim)
        {
            throw Error($"expected end; found {r}");
        }
        return new ElseMarker(t.Pos, false);
    }

    private (ListNode List, Node Terminator) ItemList()
    {
        var list = new ListNode(Peek().Pos);
        while (Peek().Kind != TokenKind.Eof)
        {
            Node n = TextOrAction();
            if (n is EndMarker or ElseMarker)
            {
                return (list, n);
            }
            list.Nodes.Add(n);
        }
        _last = Peek();
        throw Error("unexpected EOF");
    }

    private Node Control(TokenKind kind, string context)
    {
        int varMark = _vars.Count;
        PipeNode pipe = Pipeline(context, TokenKind.RightDelim);
        if (kind == TokenKind.Range)
        {
            _rangeDepth++;
        }
        (ListNode list, Node next) = ItemList();
        if (kind == TokenKind.Range)
        {
            _rangeDepth--;
        }
        ListNode? elseList = null;
        if (next is ElseMarker em)
        {
            if (em.Chained)
            {
                Token kw = NextNonSpace();
                if ((kind == TokenKind.If && kw.Kind != TokenKind.If) || (kind == TokenKind.With && kw.Kind != TokenKind.With) || kind == TokenKind.Range)
                {
                    throw Error($"expected end; found {kw}");
                }
                // "else if" / "else with" nest a control that consumes the shared {{end}}.
                elseList = new ListNode(em.Pos);
                elseList.Nodes.Add(Control(kind, context));
            }
            else
            {
                (elseList, next) = ItemList();
                if (next is not EndMarker)
                {
                    throw Error($"expected end; found {next}");
                }
            }
        }
        _vars.RemoveRange(varMark, _vars.Count - varMark);
        // Go positions control nodes at their pipeline.
        return new BranchNode(pipe.Pos, kind, pipe, list, elseList);
    }

    private PipeNode Pipeline(string context, TokenKind end)
    {
        Token first = PeekNonSpace();
        var pipe = new PipeNode(first.Pos);
        // Declarations: $x := ..., $x = ..., range $i, $e := ...
        while (true)
        {
            Token v = PeekNonSpace();
            if (v.Kind != TokenKind.Variable)
            {
                break;
            }
            int save = _index;
            Next();
            Token next = PeekNonSpace();
            if (next.Kind is TokenKind.Assign or TokenKind.Declare)
            {
                pipe.IsAssign = next.Kind == TokenKind.Assign;
                NextNonSpace();
                pipe.Decl.Add(new VariableNode(v.Pos, [v.Value]));
                _vars.Add(v.Value);
                break;
            }
            if (next.Kind == TokenKind.Comma)
            {
                NextNonSpace();
                pipe.Decl.Add(new VariableNode(v.Pos, [v.Value]));
                _vars.Add(v.Value);
                if (context == "range" && pipe.Decl.Count < 2)
                {
                    Token p = PeekNonSpace();
                    if (p.Kind is TokenKind.Variable or TokenKind.RightDelim or TokenKind.RightParen)
                    {
                        continue;
                    }
                    throw Error("range can only initialize variables");
                }
                throw Error($"too many declarations in {context}");
            }
            _index = save;
            break;
        }
        while (true)
        {
            Token t = NextNonSpace();
            if (t.Kind == end)
            {
                CheckPipeline(pipe, context);
                return pipe;
            }
            switch (t.Kind)
            {
                case TokenKind.Bool or TokenKind.CharConstant or TokenKind.Dot or TokenKind.Field or TokenKind.Identifier
                    or TokenKind.Number or TokenKind.Nil or TokenKind.RawString or TokenKind.String or TokenKind.Variable
                    or TokenKind.LeftParen:
                    Backup();
                    pipe.Cmds.Add(Command());
                    break;
                default:
                    throw Unexpected(t, context);
            }
        }
    }

    private void CheckPipeline(PipeNode pipe, string context)
    {
        if (pipe.Cmds.Count == 0)
        {
            throw Error($"missing value for {context}");
        }
        for (int i = 1; i < pipe.Cmds.Count; i++)
        {
            Node first = pipe.Cmds[i].Args[0];
            if (first is BoolNode or DotNode or NilNode or NumberNode or StringNode)
            {
                throw Error($"non executable command in pipeline stage {i + 1}");
            }
        }
    }

    private CommandNode Command()
    {
        var cmd = new CommandNode(PeekNonSpace().Pos);
        while (true)
        {
            PeekNonSpace();
            Node? operand = Operand();
            if (operand is not null)
            {
                cmd.Args.Add(operand);
            }
            Token t = Next();
            switch (t.Kind)
            {
                case TokenKind.Space:
                    continue;
                case TokenKind.RightDelim or TokenKind.RightParen:
                    Backup();
                    break;
                case TokenKind.Pipe:
                    break;
                default:
                    throw Unexpected(t, "operand");
            }
            break;
        }
        if (cmd.Args.Count == 0)
        {
            throw Error("empty command");
        }
        return cmd;
    }

    private Node? Operand()
    {
        Node? node = Term();
        if (node is null)
        {
            return null;
        }
        if (Peek().Kind == TokenKind.Field)
        {
            var fields = new List<string>();
            while (Peek().Kind == TokenKind.Field)
            {
                fields.Add(Next().Value[1..]);
            }
            switch (node)
            {
                case FieldNode f:
                    return new FieldNode(f.Pos, [.. f.Idents, .. fields]);
                case VariableNode v:
                    return new VariableNode(v.Pos, [.. v.Idents, .. fields]);
                case BoolNode or StringNode or NumberNode or NilNode or DotNode:
                    throw Error($"unexpected . after term {GoQuote.Quote(node.ToString()!)}");
                default:
                    return new ChainNode(node.Pos, node, fields.ToArray());
            }
        }
        return node;
    }

    private Node? Term()
    {
        Token t = NextNonSpace();
        switch (t.Kind)
        {
            case TokenKind.Identifier:
                if (!_hasFunction(t.Value))
                {
                    throw Error($"function {GoQuote.Quote(t.Value)} not defined");
                }
                return new IdentifierNode(t.Pos, t.Value);
            case TokenKind.Dot:
                return new DotNode(t.Pos);
            case TokenKind.Nil:
                return new NilNode(t.Pos);
            case TokenKind.Variable:
                if (!_vars.Contains(t.Value))
                {
                    throw Error($"undefined variable {GoQuote.Quote(t.Value)}");
                }
                return new VariableNode(t.Pos, [t.Value]);
            case TokenKind.Field:
                return new FieldNode(t.Pos, [t.Value[1..]]);
            case TokenKind.Bool:
                return new BoolNode(t.Pos, t.Value == "true");
            case TokenKind.CharConstant:
                return new NumberNode(t.Pos, t.Value, (long)GoQuote.UnquoteChar(t.Value, Error));
            case TokenKind.Number:
                return new NumberNode(t.Pos, t.Value, ParseNumber(t.Value));
            case TokenKind.LeftParen:
                return Pipeline("parenthesized pipeline", TokenKind.RightParen);
            case TokenKind.String or TokenKind.RawString:
                return new StringNode(t.Pos, t.Value, GoQuote.Unquote(t.Value, Error));
        }
        Backup();
        return null;
    }

    private object ParseNumber(string text)
    {
        string s = text.Replace("_", "", StringComparison.Ordinal);
        bool negative = s.StartsWith('-');
        string body = s.TrimStart('+', '-');
        try
        {
            if (body.Length > 2 && body[0] == '0' && body[1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
            {
                int radix = body[1] is 'x' or 'X' ? 16 : body[1] is 'o' or 'O' ? 8 : 2;
                long v = Convert.ToInt64(body[2..], radix);
                return negative ? -v : v;
            }
            if (body.Length > 1 && body[0] == '0' && body.All(char.IsAsciiDigit))
            {
                long v = Convert.ToInt64(body, 8);
                return negative ? -v : v;
            }
            if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
            {
                return l;
            }
            double d = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (d == Math.Floor(d) && Math.Abs(d) < 9.2e18 && !body.Contains('.') && !body.Contains('e') && !body.Contains('E'))
            {
                return (long)d;
            }
            return d;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw Error($"illegal number syntax: {GoQuote.Quote(text)}");
        }
    }
}
