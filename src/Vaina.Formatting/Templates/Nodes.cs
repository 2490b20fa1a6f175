using System.Text;

namespace Vaina.Formatting.Templates;

// Parse tree of a Go template. ToString() reproduces Go's node String(), which appears in
// execution errors as "at <...>".
internal abstract class Node(int pos)
{
    public int Pos { get; } = pos;
}

internal sealed class ListNode(int pos) : Node(pos)
{
    public List<Node> Nodes { get; } = new();

    public override string ToString() => string.Concat(Nodes.Select(n => n.ToString()));
}

internal sealed class TextNode(int pos, string text) : Node(pos)
{
    public string Text { get; } = text;

    public override string ToString() => GoQuote.Quote(Text);
}

internal sealed class ActionNode(int pos, PipeNode pipe) : Node(pos)
{
    public PipeNode Pipe { get; } = pipe;

    public override string ToString() => "{{" + Pipe + "}}";
}

internal sealed class CommandNode(int pos) : Node(pos)
{
    public List<Node> Args { get; } = new();

    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Args.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }
            if (Args[i] is PipeNode p)
            {
                sb.Append('(').Append(p).Append(')');
            }
            else
            {
                sb.Append(Args[i]);
            }
        }
        return sb.ToString();
    }
}

internal sealed class PipeNode(int pos) : Node(pos)
{
    public bool IsAssign { get; set; }

    public List<VariableNode> Decl { get; } = new();

    public List<CommandNode> Cmds { get; } = new();

    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Decl.Count > 0)
        {
            sb.AppendJoin(", ", Decl.Select(d => d.ToString()));
            sb.Append(IsAssign ? " = " : " := ");
        }
        sb.AppendJoin(" | ", Cmds.Select(c => c.ToString()));
        return sb.ToString();
    }
}

internal sealed class FieldNode(int pos, string[] idents) : Node(pos)
{
    public string[] Idents { get; } = idents;

    public override string ToString() => string.Concat(Idents.Select(i => "." + i));
}

internal sealed class ChainNode(int pos, Node target, string[] fields) : Node(pos)
{
    public Node Target { get; } = target;

    public string[] Fields { get; } = fields;

    public override string ToString()
    {
        string s = Target is PipeNode ? "(" + Target + ")" : Target.ToString()!;
        return s + string.Concat(Fields.Select(f => "." + f));
    }
}

internal sealed class VariableNode(int pos, string[] idents) : Node(pos)
{
    // Idents[0] is the variable name including '$'; the rest are field names.
    public string[] Idents { get; } = idents;

    public override string ToString() => string.Join(".", Idents);
}

internal sealed class IdentifierNode(int pos, string name) : Node(pos)
{
    public string Name { get; } = name;

    public override string ToString() => Name;
}

internal sealed class DotNode(int pos) : Node(pos)
{
    public override string ToString() => ".";
}

internal sealed class NilNode(int pos) : Node(pos)
{
    public override string ToString() => "nil";
}

internal sealed class BoolNode(int pos, bool value) : Node(pos)
{
    public bool Value { get; } = value;

    public override string ToString() => Value ? "true" : "false";
}

internal sealed class NumberNode(int pos, string text, object value) : Node(pos)
{
    public string Text { get; } = text;

    // long for integer constants (and characters), double otherwise.
    public object Value { get; } = value;

    public override string ToString() => Text;
}

internal sealed class StringNode(int pos, string quoted, string text) : Node(pos)
{
    public string Quoted { get; } = quoted;

    public string Text { get; } = text;

    public override string ToString() => Quoted;
}

internal sealed class BranchNode(int pos, TokenKind kind, PipeNode pipe, ListNode list, ListNode? elseList) : Node(pos)
{
    public TokenKind Kind { get; } = kind;

    public PipeNode Pipe { get; } = pipe;

    public ListNode List { get; } = list;

    public ListNode? ElseList { get; } = elseList;

    public override string ToString()
    {
        string name = Kind switch { TokenKind.If => "if", TokenKind.Range => "range", _ => "with" };
        string s = "{{" + name + " " + Pipe + "}}" + List;
        if (ElseList is not null)
        {
            s += "{{else}}" + ElseList;
        }
        return s + "{{end}}";
    }
}

internal sealed class BreakNode(int pos) : Node(pos)
{
    public override string ToString() => "{{break}}";
}

internal sealed class ContinueNode(int pos) : Node(pos)
{
    public override string ToString() => "{{continue}}";
}
