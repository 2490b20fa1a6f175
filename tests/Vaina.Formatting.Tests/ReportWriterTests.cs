using System.Text.Json.Nodes;
using Vaina.Formatting.Templates;

namespace Vaina.Formatting.Tests;

public class ReportWriterTests
{
    private static readonly ReportLayout Ps = new()
    {
        DefaultFormat = "table {{.ID}}\t{{.Image}}\t{{.CreatedHuman}}\t{{.Names}}",
        Headers = new Dictionary<string, string> { ["ID"] = "container id", ["CreatedHuman"] = "created" },
        Name = "ps",
        TypeName = "*entities.ListContainer",
    };

    private static List<ReportRow> Rows() =>
    [
        new(JsonNode.Parse("""{"ID":"0123456789abcdef0123","Image":"docker.io/library/busybox:latest","Names":["web"],"Size":5}"""),
            new Dictionary<string, object?> { ["CreatedHuman"] = "2 hours ago" }),
        new(JsonNode.Parse("""{"ID":"fedcba9876543210fedc","Image":"alpine","Names":["db"],"Size":7}"""),
            new Dictionary<string, object?> { ["CreatedHuman"] = "About a minute ago" }),
    ];

    private static string Write(ReportOptions options, ReportLayout? layout = null)
    {
        var sw = new StringWriter();
        ReportWriter.Write(sw, layout ?? Ps, options, Rows());
        return sw.ToString();
    }

    [Fact]
    public void Default_table_has_aligned_header_and_truncated_ids()
    {
        string expected =
            "CONTAINER ID".PadRight(14) + "IMAGE".PadRight(34) + "CREATED".PadRight(20) + "NAMES\n" +
            "0123456789ab".PadRight(14) + "docker.io/library/busybox:latest".PadRight(34) + "2 hours ago".PadRight(20) + "[web]\n" +
            "fedcba987654".PadRight(14) + "alpine".PadRight(34) + "About a minute ago".PadRight(20) + "[db]\n";
        Assert.Equal(expected, Write(new ReportOptions()));
    }

    [Fact]
    public void Noheading_drops_the_header_but_keeps_alignment()
    {
        string output = Write(new ReportOptions { NoHeading = true });
        Assert.StartsWith("0123456789ab  docker.io/library/busybox:latest  2 hours ago", output);
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void No_trunc_prints_full_ids()
    {
        Assert.Contains("0123456789abcdef0123  ", Write(new ReportOptions { NoTrunc = true }));
    }

    [Fact]
    public void Quiet_prints_ids_only()
    {
        Assert.Equal("0123456789ab\nfedcba987654\n", Write(new ReportOptions { Quiet = true }));
        Assert.Equal("0123456789abcdef0123\nfedcba9876543210fedc\n", Write(new ReportOptions { Quiet = true, NoTrunc = true }));
    }

    [Fact]
    public void Quiet_is_ignored_when_a_format_is_given()
    {
        Assert.Equal("docker.io/library/busybox:latest\nalpine\n", Write(new ReportOptions { Quiet = true, Format = "{{.Image}}" }));
    }

    [Fact]
    public void User_format_prints_a_line_per_row_without_header()
    {
        Assert.Equal("0123456789ab web\nfedcba987654 db\n", Write(new ReportOptions { Format = "{{.ID}} {{index .Names 0}}" }));
    }

    [Fact]
    public void User_format_with_escaped_tab_gets_a_real_tab_and_no_alignment()
    {
        Assert.Equal("0123456789ab\tweb\nfedcba987654\tdb\n", Write(new ReportOptions { Format = "{{.ID}}\\t{{index .Names 0}}" }));
    }

    [Fact]
    public void User_table_format_turns_spaces_into_columns()
    {
        string expected =
            "IMAGE".PadRight(34) + "SIZE\n" +
            "docker.io/library/busybox:latest".PadRight(34) + "5\n" +
            "alpine".PadRight(34) + "7\n";
        Assert.Equal(expected, Write(new ReportOptions { Format = "table {{.Image}} {{.Size}}" }));
    }

    [Fact]
    public void User_table_format_header_uses_overrides_and_derivation()
    {
        string output = Write(new ReportOptions { Format = "table {{.ID}}\\t{{.CreatedHuman}}\\t{{.Image}}" });
        Assert.StartsWith("CONTAINER ID  CREATED             IMAGE\n", output);
    }

    [Fact]
    public void Format_json_prints_an_indented_array_with_full_data_and_no_computed_fields()
    {
        string expected = """
            [
                {
                    "ID": "0123456789abcdef0123",
                    "Image": "docker.io/library/busybox:latest",
                    "Names": [
                        "web"
                    ],
                    "Size": 5
                },
                {
                    "ID": "fedcba9876543210fedc",
                    "Image": "alpine",
                    "Names": [
                        "db"
                    ],
                    "Size": 7
                }
            ]

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Write(new ReportOptions { Format = "json" }));
    }

    [Fact]
    public void Format_json_of_nothing_is_an_empty_array()
    {
        var sw = new StringWriter();
        ReportWriter.Write(sw, Ps, new ReportOptions { Format = "json" }, new List<ReportRow>());
        Assert.Equal("[]\n", sw.ToString());
    }

    [Fact]
    public void Json_keeps_struct_order_when_a_tag_lowers_one_field_and_sorts_maps()
    {
        var sw = new StringWriter();
        ReportWriter.WriteJson(sw, JsonNode.Parse("{\"Id\":\"x\",\"lockNumber\":0,\"Config\":{\"b\":1,\"a\":2},\"Ports\":{\"80/tcp\":1,\"443/tcp\":2}}"), null);
        Assert.Equal("{\"Id\":\"x\",\"lockNumber\":0,\"Config\":{\"a\":2,\"b\":1},\"Ports\":{\"443/tcp\":2,\"80/tcp\":1}}\n", sw.ToString());
    }

    [Fact]
    public void Format_json_escapes_html_like_marshal_indent()
    {
        var sw = new StringWriter();
        ReportWriter.Write(sw, Ps, new ReportOptions { Format = "json" }, new JsonNode?[] { JsonNode.Parse("{\"A\":\"<&>\"}") });
        Assert.Equal("[\n    {\n        \"A\": \"\\u003c\\u0026\\u003e\"\n    }\n]\n", sw.ToString());
    }

    [Fact]
    public void Json_dot_template_prints_one_compact_object_per_line()
    {
        Assert.Equal(
            "{\"ID\":\"0123456789abcdef0123\",\"Image\":\"docker.io/library/busybox:latest\",\"Names\":[\"web\"],\"Size\":5}\n" +
            "{\"ID\":\"fedcba9876543210fedc\",\"Image\":\"alpine\",\"Names\":[\"db\"],\"Size\":7}\n",
            Write(new ReportOptions { Format = "{{json .}}" }));
    }

    [Fact]
    public void Computed_fields_and_truncated_ids_are_visible_to_templates()
    {
        Assert.Equal("0123456789ab 2 hours ago\nfedcba987654 About a minute ago\n", Write(new ReportOptions { Format = "{{.ID}} {{.CreatedHuman}}" }));
    }

    [Fact]
    public void User_format_that_ranges_itself_is_not_wrapped()
    {
        Assert.Equal("0123456789abfedcba987654", Write(new ReportOptions { Format = "{{range .}}{{.ID}}{{end -}}" }));
    }

    [Fact]
    public void Errors_carry_podman_positions_and_names()
    {
        TemplateException e = Assert.Throws<TemplateException>(() => Write(new ReportOptions { Format = "{{.Foo}}" }));
        Assert.Equal("template: ps:1:13: executing \"ps\" at <.Foo>: can't evaluate field Foo in type *entities.ListContainer", e.Message);
        e = Assert.Throws<TemplateException>(() => Write(new ReportOptions { Format = "{{nope .ID}}" }));
        Assert.Equal("template: ps:1: function \"nope\" not defined", e.Message);
    }

    [Fact]
    public void Printf_with_spaces_in_a_table_still_parses()
    {
        // Normalizing turns the space inside the string into a tab, which becomes a column, as in Podman.
        string output = Write(new ReportOptions { Format = "table {{.Image}} {{printf \"%s %s\" .ID .Image}}", NoHeading = true });
        Assert.StartsWith("docker.io/library/busybox:latest  0123456789ab  docker.io/library/busybox:latest\n", output);
    }

    [Fact]
    public void Single_object_formats_have_no_implicit_range()
    {
        var info = new ReportRow(JsonNode.Parse("""{"Host":{"Arch":"amd64","Hostname":"box"},"Version":{"Version":"0.1.0"}}"""));
        var sw = new StringWriter();
        ReportWriter.WriteSingle(sw, "{{.Host.Arch}}\\t{{.Version.Version}}", info, "info");
        Assert.Equal("amd64\t0.1.0\n", sw.ToString());
        sw = new StringWriter();
        ReportWriter.WriteSingle(sw, "json", info, "info", "  ");
        Assert.Equal("{\n  \"Host\": {\n    \"Arch\": \"amd64\",\n    \"Hostname\": \"box\"\n  },\n  \"Version\": {\n    \"Version\": \"0.1.0\"\n  }\n}\n", sw.ToString());
        TemplateException e = Assert.Throws<TemplateException>(() => ReportWriter.WriteSingle(new StringWriter(), "{{.Host.Foo}}", info, "info"));
        Assert.Equal("template: info:1:2: executing \"info\" at <.Host.Foo>: can't evaluate field Foo in type *Host", e.Message);
    }

    [Theory]
    [InlineData("json", true)]
    [InlineData(" json ", true)]
    [InlineData("{{json}}", true)]
    [InlineData("{{json }}", true)]
    [InlineData("{{json.}}", true)]
    [InlineData("{{ json. }}", true)]
    [InlineData("{{ json .}}", false)]
    [InlineData("{{json .}}", false)]
    [InlineData("{{ json .", false)]
    [InlineData("json .", false)]
    [InlineData("{{.ID }} json .", false)]
    public void Is_json_matches_podman(string format, bool expected)
    {
        Assert.Equal(expected, ReportWriter.IsJson(format));
    }

    [Theory]
    [InlineData("{{.ID}}\t{{.ID}}", "{{.ID}}\t{{.ID}}\n")]
    [InlineData("{{.ID}}\\t{{.ID}}", "{{.ID}}\t{{.ID}}\n")]
    [InlineData("{{.ID}} {{.ID}}", "{{.ID}} {{.ID}}\n")]
    [InlineData("table {{.ID}}\\t{{.ID}}", "{{.ID}}\t{{.ID}}\n")]
    [InlineData("table {{.ID}} {{.ID}}", "{{.ID}}\t{{.ID}}\n")]
    [InlineData("{{.ID}}\\n", "{{.ID}}\n")]
    public void Normalize_format_matches_podman(string input, string expected)
    {
        Assert.Equal(expected, ReportWriter.NormalizeFormat(input));
    }

    [Theory]
    [InlineData("ImageID", "IMAGE ID")]
    [InlineData("ID", "ID")]
    [InlineData("CreatedAt", "CREATED AT")]
    [InlineData("Names", "NAMES")]
    [InlineData("HTTPServer", "HTTP SERVER")]
    [InlineData("FieldA", "FIELD A")]
    [InlineData("Fieldb", "FIELDB")]
    [InlineData("fieldC", "FIELD C")]
    [InlineData("RunningFor", "RUNNING FOR")]
    public void Headers_are_derived_from_field_names(string field, string header)
    {
        Assert.Equal(header, HeaderNames.FromField(field));
    }
}
