using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Vaina.Vm.Tests;

/// <summary>
/// --log-driver journald against the guest's systemd-journald (scripts/vm/guest.sh, section journald): the fields
/// conmon writes, and `vaina logs` reading them back as Podman 4.3.1 shows them.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class JournaldLogTests(VmGuest vm)
{
    [VmFact]
    public void LogsShowStdoutAndStderrApartWithTheLastPartialLineUnterminated()
    {
        Assert.Equal("out1\nout2\npartial", vm.Step("jd_run").Ok());
        var logs = vm.Step("jd_logs");
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Equal("out1\nout2\npartial", logs.Stdout);
        Assert.Equal("err1\n", logs.Stderr);
    }

    [VmFact]
    public void TimestampsAreTheJournalsInPodmansFormat()
    {
        var logs = vm.Step("jd_logs_t");
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}000(Z|[+-]\d\d:\d\d) out1\n\S+ out2\n\S+ partial$"), logs.Stdout);
        Assert.Matches(new Regex(@"^\S+\.\d{6}000\S* err1\n$"), logs.Stderr);
    }

    [VmFact]
    public void TailSinceAndUntilSelectLines()
    {
        var tail = vm.Step("jd_logs_tail");
        Assert.Equal("out2\npartial", tail.Stdout);
        Assert.Equal("err1\n", tail.Stderr);
        var none = vm.Step("jd_logs_tail0");
        Assert.Equal(string.Empty, none.Stdout + none.Stderr);
        Assert.Equal("out1\nout2\npartial", vm.Step("jd_logs_since").Stdout);
        Assert.Equal(string.Empty, vm.Step("jd_logs_since_future").Stdout);
        Assert.Equal(string.Empty, vm.Step("jd_logs_until_past").Stdout);
    }

    [VmFact]
    public void InspectShowsTheDriverAsPodman()
    {
        Assert.Equal("{\"Type\":\"journald\",\"Config\":null,\"Path\":\"\",\"Tag\":\"\",\"Size\":\"0B\"}", vm.Step("jd_inspect").Ok());
        Assert.Equal("mytag", vm.Step("jd_tag_inspect").Ok());
    }

    [VmFact]
    public void ConmonWritesPodmansJournalFields()
    {
        var entries = Entries("jd_fields");
        Assert.Equal(4, entries.Count);
        var first = entries[0];
        string id = (string)first["CONTAINER_ID_FULL"]!;
        Assert.Equal(64, id.Length);
        Assert.Equal(id[..12], (string)first["CONTAINER_ID"]!);
        Assert.Equal("jd", (string)first["CONTAINER_NAME"]!);
        Assert.Equal("jd", (string)first["SYSLOG_IDENTIFIER"]!);
        // stderr is its own pipe in conmon: its entry may come anywhere among stdout's.
        Assert.Equal(["err1\n|3", "out1\n|6", "out2\n|6", "partial|6"],
            entries.Select(e => (string)e["MESSAGE"]! + "|" + (string)e["PRIORITY"]!).Order(StringComparer.Ordinal).ToList());
        Assert.Equal("true", (string?)entries.Single(e => (string)e["MESSAGE"]! == "partial")["CONTAINER_PARTIAL_MESSAGE"]);
    }

    [VmFact]
    public void TagBecomesContainerTagAndSyslogIdentifier()
    {
        var tagged = Entries("jd_tag_fields").Single();
        Assert.Equal("mytag", (string)tagged["CONTAINER_TAG"]!);
        Assert.Equal("mytag", (string)tagged["SYSLOG_IDENTIFIER"]!);
        Assert.Equal("jdtag", (string)tagged["CONTAINER_NAME"]!);
        var templated = Entries("jd_tagtmpl_fields").Single();
        Assert.Equal("jdtmpl-localhost/busybox:latest", (string)templated["CONTAINER_TAG"]!);
        Assert.Equal("jdtmpl-localhost/busybox:latest", (string)templated["SYSLOG_IDENTIFIER"]!);
    }

    [VmFact]
    public void SeveralContainersArePrefixedWithTheirShortIds()
    {
        var logs = vm.Step("jd_several");
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Matches(new Regex(@"^[0-9a-f]{12} out1\n[0-9a-f]{12} out2\n"), logs.Stdout);
        Assert.Contains(" tagged\n", logs.Stdout, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^[0-9a-f]{12} err1\n$"), logs.Stderr);
    }

    [VmFact]
    public void TerminalOutputIsAllStdout()
    {
        vm.Step("jd_tty_run").Ok();
        var logs = vm.Step("jd_tty_logs");
        Assert.Equal("tty1\r\ntty2\r\n", logs.Stdout);
        Assert.Equal(string.Empty, logs.Stderr);
    }

    [VmFact]
    public void LongLinesAreJoinedFromTheirPartialEntries()
    {
        var lines = vm.Step("jd_long_logs").Ok().Split('\n');
        Assert.Equal("20001", lines[0].Trim());
        Assert.True(int.Parse(lines[1].Trim(), System.Globalization.CultureInfo.InvariantCulture) >= 2, string.Join('\n', lines));
    }

    [VmFact]
    public void FollowShowsEveryLineAndEndsWhenTheContainerExits()
    {
        var follow = vm.Step("jd_follow");
        Assert.True(follow.ExitCode == 0, follow.ToString());
        Assert.Equal("l1\nl2\nl3\nlast\n", follow.Stdout);
        Assert.Equal("exited", vm.Step("jd_follow_state").Ok());
        Assert.Equal("last\n", vm.Step("jd_follow_exited").Stdout);
    }

    [VmFact]
    public void CreatedContainerHasNoLogsUntilStarted()
    {
        vm.Step("jd_create").Ok();
        var created = vm.Step("jd_created_logs");
        Assert.Equal(0, created.ExitCode);
        Assert.Equal(string.Empty, created.Stdout);
        Assert.Equal("started-later", vm.Step("jd_start").Ok());
        Assert.Equal("started-later\n", vm.Step("jd_started_logs").Stdout);
    }

    [VmFact]
    public void LogsOfARunningContainer()
    {
        Assert.Equal("running\nrunning", vm.Step("jd_running").Ok());
    }

    [VmFact]
    public void ContainersConfLogDriverJournaldIsTheDefault()
    {
        Assert.Equal("journald\nfrom-conf\njournald", vm.Step("jd_conf").Ok());
        Assert.Equal("[\"k8s-file\",\"none\",\"passthrough\",\"journald\"]", vm.Step("jd_info_plugins").Ok());
    }

    private List<JsonObject> Entries(string step)
        => vm.Step(step).Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
}
