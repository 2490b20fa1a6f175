using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Vaina.Vm.Tests;

/// <summary>
/// --events-backend journald / events_logger = "journald" against the guest's systemd-journald
/// (scripts/vm/guest.sh, section journald): Podman 4.3.1's PODMAN_* fields, and `vaina events` reading them.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class JournaldEventTests(VmGuest vm)
{
    [VmFact]
    public void EventsAreReadBackFromTheJournal()
    {
        Assert.Equal(3, vm.Step("ev_run").ExitCode);
        var lines = vm.Step("ev_list").Ok().Split('\n');
        Assert.Equal("container create ev1", lines[0].Trim());
        Assert.Contains("container start ev1", lines);
        Assert.Contains("container died ev1", lines);
        Assert.Equal("3", vm.Step("ev_exit").Ok());
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \+0000 UTC container died [0-9a-f]{64} \(image=localhost/busybox:latest, name=ev1, .*team=blue\)$"), vm.Step("ev_human").Ok());
        // Not in the events file as well.
        Assert.Equal(string.Empty, vm.Step("ev_not_in_file").Ok());
    }

    [VmFact]
    public void EntriesCarryPodmansFields()
    {
        var entries = vm.Step("ev_fields").Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var died = entries.Single(e => (string?)e["PODMAN_EVENT"] == "died");
        Assert.Equal("podman", (string?)died["SYSLOG_IDENTIFIER"]);
        Assert.Equal("container", (string?)died["PODMAN_TYPE"]);
        Assert.Equal("ev1", (string?)died["PODMAN_NAME"]);
        Assert.Equal(64, ((string?)died["PODMAN_ID"])?.Length);
        Assert.Equal("localhost/busybox:latest", (string?)died["PODMAN_IMAGE"]);
        Assert.Equal("3", (string?)died["PODMAN_EXIT_CODE"]);
        Assert.Equal("6", (string?)died["PRIORITY"]);
        Assert.Contains("\"team\":\"blue\"", (string?)died["PODMAN_LABELS"], StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$"), (string?)died["PODMAN_TIME"]);
        Assert.Null(entries.Single(e => (string?)e["PODMAN_EVENT"] == "create")["PODMAN_EXIT_CODE"]);
    }

    [VmFact]
    public void ContainersConfEventsLoggerJournald()
    {
        Assert.Equal("create\njournald", vm.Step("ev_conf").Ok());
    }

    [VmFact]
    public void FollowPrintsTheEventWhenItComes()
    {
        Assert.Equal("died ev3", vm.Step("ev_follow").Ok());
        vm.Step("ev_rm").Ok();
    }
}
