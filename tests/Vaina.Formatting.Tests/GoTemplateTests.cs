using System.Text.Json.Nodes;
using Vaina.Formatting.Templates;

namespace Vaina.Formatting.Tests;

public class GoTemplateTests
{
    private const string Data = """
        {
          "ID": "abc", "Name": "abc", "Empty": "", "N": 2, "Size": 5, "F": 1.0e6, "Half": 1.5, "On": true, "P": null,
          "L": ["a", "b"], "None": [], "M": {"b": "2", "a": "1"}, "NoKeys": {},
          "Labels": {"created_by": "x", "b": "2"},
          "Config": {"Cmd": ["sh", "-c", "echo"], "Env": ["A=1"]},
          "State": {"Running": true, "Pid": 5},
          "Mounts": [{"Destination": "/data"}, {"Destination": "/cache"}],
          "Letters": ["a", "b", "c", "d", "e"], "Html": "<b>&"
        }
        """;

    private static string Run(string template, string json = Data) =>
        GoTemplate.Parse(template).Execute(JsonNode.Parse(json));

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("{{.ID}}", "abc")]
    [InlineData("{{.Config.Cmd}}", "[sh -c echo]")]
    [InlineData("{{.Labels.created_by}}", "x")]
    [InlineData("{{.Labels.missing}}", "<no value>")]
    [InlineData("{{.Labels.missing.deeper}}", "<no value>")]
    [InlineData("{{.M}}", "map[a:1 b:2]")]
    [InlineData("{{.NoKeys}}", "map[]")]
    [InlineData("{{.None}}", "[]")]
    [InlineData("{{.State}}", "{true 5}")]
    [InlineData("{{.Size}}", "5")]
    [InlineData("{{.F}}", "1e+06")]
    [InlineData("{{.Half}}", "1.5")]
    [InlineData("{{.On}}", "true")]
    [InlineData("{{.P}}", "<nil>")]
    [InlineData("{{json .M}}", "{\"a\":\"1\",\"b\":\"2\"}")]
    [InlineData("{{json .State}}", "{\"Running\":true,\"Pid\":5}")]
    [InlineData("{{json .Config.Cmd}}", "[\"sh\",\"-c\",\"echo\"]")]
    [InlineData("{{json .Html}}", "\"<b>&\"")]
    [InlineData("{{json .P}}", "null")]
    [InlineData("{{.Name | upper}}", "ABC")]
    [InlineData("{{.Name | printf \"%s-%s\" \"x\"}}", "x-abc")]
    [InlineData("{{.Name | printf \"%s-%d\" \"x\"}}", "x-%!d(string=abc)")]
    [InlineData("{{printf \"%s-%d\" .Name .Size}}", "abc-5")]
    [InlineData("{{$x := .Name}}{{$x}}", "abc")]
    [InlineData("{{$x := 1}}{{$x = 2}}{{$x}}", "2")]
    [InlineData("{{range .L}}{{$.Name}}{{end}}", "abcabc")]
    [InlineData("{{if eq .N 1}}one{{else if eq .N 2}}two{{else}}many{{end}}", "two")]
    [InlineData("{{if eq .Size 1}}one{{else if eq .Size 2}}two{{else}}many{{end}}", "many")]
    [InlineData("{{if .Empty}}yes{{else}}no{{end}}", "no")]
    [InlineData("{{if .None}}yes{{else}}no{{end}}", "no")]
    [InlineData("{{if .State}}yes{{end}}", "yes")]
    [InlineData("{{range .L}}[{{.}}]{{end}}", "[a][b]")]
    [InlineData("{{range $k, $v := .M}}{{$k}}={{$v}};{{end}}", "a=1;b=2;")]
    [InlineData("{{range $i, $e := .L}}{{$i}}:{{$e}} {{end}}", "0:a 1:b ")]
    [InlineData("{{range $e := .L}}{{$e}}{{end}}", "ab")]
    [InlineData("{{range .None}}x{{else}}empty{{end}}", "empty")]
    [InlineData("{{range .Letters}}{{if eq . \"b\"}}{{continue}}{{end}}{{if eq . \"d\"}}{{break}}{{end}}{{.}}{{end}}", "ac")]
    [InlineData("{{range 3}}{{.}}{{end}}", "012")]
    [InlineData("{{range .Mounts}}{{.Destination}} {{end}}", "/data /cache ")]
    [InlineData("{{with .Name}}<{{.}}>{{else}}none{{end}}", "<abc>")]
    [InlineData("{{with .Empty}}<{{.}}>{{else}}none{{end}}", "none")]
    [InlineData("{{with $x := .Name}}{{$x}}{{end}}", "abc")]
    [InlineData("{{with .Empty}}a{{else with .Name}}b{{else}}c{{end}}", "b")]
    [InlineData("{{and 1 0}} {{and 1 2}} {{or 0 \"x\"}} {{or 0 \"\"}} {{not true}}", "0 2 x  false")]
    [InlineData("{{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1 2}} {{ne \"a\" \"b\"}}", "true true true false true")]
    [InlineData("{{eq .Size 1 2 5}}", "true")]
    [InlineData("{{len .L}} {{len \"héllo\"}} {{len .M}}", "2 6 2")]
    [InlineData("{{index .L 1}} {{index .M \"a\"}} {{index .Labels \"nope\"}}|", "b 1 |")]
    [InlineData("{{(index .Mounts 1).Destination}}", "/cache")]
    [InlineData("{{slice .L 1 2}} {{slice \"hello\" 1 3}}", "[b] el")]
    [InlineData("{{print \"a\" 1 2 \"b\"}}", "a1 2b")]
    [InlineData("{{println \"a\" 1}}", "a 1\n")]
    [InlineData("{{print nil}}", "<nil>")]
    [InlineData("{{printf \"%5s|%-5s|%.2f|%d|%q|%t|%x|%v\" \"ab\" \"cd\" 3.14159 42 \"hi\" true 255 .L}}", "   ab|cd   |3.14|42|\"hi\"|true|ff|[a b]")]
    [InlineData("{{printf \"%05d %+d %e %g %8.3f %X %c\" 42 42 1234.5678 0.00001234 3.14159 255 65}}", "00042 +42 1.234568e+03 1.234e-05    3.142 FF A")]
    [InlineData("{{printf \"%-10s|\" \"id\"}}", "id        |")]
    [InlineData("{{printf \"%d\" \"x\"}}", "%!d(string=x)")]
    [InlineData("{{printf \"%s %s\" \"a\"}}", "a %!s(MISSING)")]
    [InlineData("{{printf \"%s\" \"a\" \"b\"}}", "a%!(EXTRA string=b)")]
    [InlineData("{{printf \"%v %s\" .M .L}}", "map[a:1 b:2] [a b]")]
    [InlineData("{{printf \"%.1f%%\" 12.345}}", "12.3%")]
    [InlineData("{{upper \"abc\"}} {{lower \"ABC\"}} {{title \"hello world-wide\"}}", "ABC abc Hello World-Wide")]
    [InlineData("{{truncate \"abcdef\" 3}} {{truncate \"ab\" 3}}", "abc ab")]
    [InlineData("{{join .L \",\"}} {{join .L \"+\" | printf \"<%s>\"}}", "a,b <a+b>")]
    [InlineData("{{split \"a:b:c\" \":\"}} {{index (split \"a:b\" \":\") 1}}", "[a b c] b")]
    [InlineData("{{contains \"abc\" \"b\"}} {{replace \"a-b-c\" \"-\" \"+\"}} [{{trim \"  x \"}}]", "true a+b+c [x]")]
    [InlineData("[{{pad \"x\" 2 1}}][{{pad \"\" 2 1}}]", "[  x ][]")]
    [InlineData("a  {{- .Name -}}  b", "aabcb")]
    [InlineData("a\n{{- .Name}}\n", "aabc\n")]
    [InlineData("a{{/* comment */}}b", "ab")]
    [InlineData("a {{- /* c */ -}} b", "ab")]
    [InlineData("{{`a\\tb`}}", "a\\tb")]
    [InlineData("{{\"a\\tb\\\"\"}}", "a\tb\"")]
    [InlineData("{{1.5}} {{0x10}} {{'a'}} {{-3}} {{1e3}}", "1.5 16 97 -3 1000")]
    [InlineData("{{.Config.Env}}", "[A=1]")]
    [InlineData("{{html \"<a>\"}} {{urlquery \"a b&c\"}}", "&lt;a&gt; a+b%26c")]
    [InlineData("{{ .ID }}", "abc")]
    public void Renders_like_go(string template, string expected)
    {
        Assert.Equal(expected, Run(template));
    }

    [Fact]
    public void Dot_of_a_plain_value()
    {
        Assert.Equal("hi", GoTemplate.Parse("{{.}}").Execute(JsonValue.Create("hi")));
        Assert.Equal("<nil>", GoTemplate.Parse("{{.}}").Execute(null));
    }

    [Fact]
    public void Json_of_whole_object_keeps_field_order_and_does_not_escape_html()
    {
        Assert.Equal("{\"Name\":\"x<y\",\"Size\":5,\"Tags\":[\"a\"]}", Run("{{json .}}", "{\"Name\":\"x<y\",\"Size\":5,\"Tags\":[\"a\"]}"));
    }

    [Fact]
    public void Executes_over_a_list_of_nodes()
    {
        var sw = new StringWriter();
        GoTemplate.Parse("{{range .}}{{.ID}};{{end}}{{len .}}").Execute(sw, new[] { JsonNode.Parse("{\"ID\":\"a\"}"), JsonNode.Parse("{\"ID\":\"b\"}") });
        Assert.Equal("a;b;2", sw.ToString());
    }

    [Theory]
    [InlineData("{{title \"hello_world foo.bar\"}}", "Hello_world Foo.Bar")]
    [InlineData("{{title \"élan vital\"}}", "Élan Vital")]
    [InlineData("{{.Labels}}", "map[b:2 created_by:x]")]
    [InlineData("{{range $k, $v := .Labels}}{{$k}}{{end}}", "bcreated_by")]
    [InlineData("{{if and .On (eq .Size 5)}}yes{{end}}", "yes")]
    [InlineData("{{if or .Empty .None}}yes{{else}}no{{end}}", "no")]
    [InlineData("{{print .Labels.missing}}", "<nil>")]
    [InlineData("{{eq .Labels.missing \"x\"}}", "false")]
    [InlineData("{{$n := len .L}}{{printf \"%d items\" $n}}", "2 items")]
    [InlineData("{{range $i, $m := .Mounts}}{{if $i}},{{end}}{{$m.Destination}}{{end}}", "/data,/cache")]
    public void More_go_semantics(string template, string expected)
    {
        Assert.Equal(expected, Run(template));
    }

    [Fact]
    public void Go_field_name_reaches_a_camel_case_json_key()
    {
        // Podman's inspect stores Config.SdNotifyMode under the JSON key sdNotifyMode; its templates name the field.
        Assert.Equal("conmon", Run("{{.Config.SdNotifyMode}}", "{\"Config\":{\"Image\":\"x\",\"sdNotifyMode\":\"conmon\"}}"));
        Assert.Equal("conmon", Run("{{.Config.sdNotifyMode}}", "{\"Config\":{\"Image\":\"x\",\"sdNotifyMode\":\"conmon\"}}"));
        var error = Assert.ThrowsAny<Exception>(() => Run("{{.Config.Missing}}", "{\"Config\":{\"Image\":\"x\"}}"));
        Assert.Contains("can't evaluate field Missing", error.Message);
    }

    [Fact]
    public void Parsed_once_executed_many_times()
    {
        GoTemplate t = GoTemplate.Parse("{{.ID}}-{{len .L}}");
        Assert.Equal("a-1", t.Execute(JsonNode.Parse("{\"ID\":\"a\",\"L\":[1]}")));
        Assert.Equal("b-2", t.Execute(JsonNode.Parse("{\"ID\":\"b\",\"L\":[1,2]}")));
    }

    [Theory]
    [InlineData("{{foo}}", "template: output:1: function \"foo\" not defined")]
    [InlineData("{{.ID", "template: output:1: unclosed action")]
    [InlineData("{{if .ID}}x", "template: output:1: unexpected EOF")]
    [InlineData("{{end}}", "template: output:1: unexpected {{end}}")]
    [InlineData("{{$x}}", "template: output:1: undefined variable \"$x\"")]
    [InlineData("{{break}}", "template: output:1: {{break}} outside {{range}}")]
    [InlineData("{{\"abc}}", "template: output:1: unterminated quoted string")]
    [InlineData("{{}}", "template: output:1: missing value for command")]
    [InlineData("a\nb\n{{bar .X}}", "template: output:3: function \"bar\" not defined")]
    [InlineData("{{.Foo}}", "template: output:1:2: executing \"output\" at <.Foo>: can't evaluate field Foo in type struct")]
    [InlineData("x\n {{.ID.Foo}}", "template: output:2:3: executing \"output\" at <.ID.Foo>: can't evaluate field Foo in type string")]
    [InlineData("{{index .L 5}}", "template: output:1:2: executing \"output\" at <index .L 5>: error calling index: index out of range: 5")]
    [InlineData("{{len 3}}", "template: output:1:2: executing \"output\" at <len 3>: error calling len: len of type int")]
    [InlineData("{{upper .N}}", "template: output:1:8: executing \"output\" at <.N>: wrong type for value; expected string; got int")]
    [InlineData("{{upper}}", "template: output:1:2: executing \"output\" at <upper>: wrong number of args for upper: want 1 got 0")]
    [InlineData("{{eq .L 1}}", "template: output:1:2: executing \"output\" at <eq .L 1>: error calling eq: incompatible types for comparison")]
    [InlineData("{{.ID 1}}", "template: output:1:2: executing \"output\" at <.ID>: ID has arguments but cannot be invoked as function")]
    [InlineData("{{upper 5}}", "template: output:1:8: executing \"output\" at <5>: expected string; found 5")]
    [InlineData("{{.N | upper}}", "template: output:1:7: executing \"output\" at <upper>: wrong type for value; expected string; got int")]
    [InlineData("{{truncate .ID \"x\"}}", "template: output:1:15: executing \"output\" at <\"x\">: expected integer; found \"x\"")]
    [InlineData("{{truncate .N 2}}", "template: output:1:11: executing \"output\" at <.N>: wrong type for value; expected string; got int")]
    [InlineData("{{range .ID}}{{end}}", "template: output:1:8: executing \"output\" at <{{range .ID}}{{end}}>: range can't iterate over abc")]
    [InlineData("{{if}}{{end}}", "template: output:1: missing value for if")]
    [InlineData("{{.ID | .Name}}", "template: output:1:8: executing \"output\" at <.Name>: Name has arguments but cannot be invoked as function")]
    [InlineData("{{3 | upper}}{{\"x\" | 3}}", "template: output:1: non executable command in pipeline stage 2")]
    public void Errors_are_worded_like_go(string template, string message)
    {
        TemplateException e = Assert.Throws<TemplateException>(() => Run(template));
        Assert.Equal(message, e.Message);
        Assert.Equal(125, e.ExitCode);
        Assert.IsAssignableFrom<VainaException>(e);
    }
}
