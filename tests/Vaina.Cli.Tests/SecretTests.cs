using System.Text.Json.Nodes;

namespace Vaina.Cli.Tests;

/// <summary>`secret create/ls/inspect/rm` as Podman 4.3.1, and run/create --secret (mount and env types).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SecretTests : IDisposable
{
    private readonly ContainerTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private string Create(string name, string data, params string[] flags)
    {
        var result = _host.RunWithInput(data, ["secret", "create", .. flags, name, "-"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Matches("^[0-9a-f]{25}\n$", result.Stdout);
        return result.Stdout.Trim();
    }

    [Fact]
    public void SecretCommandsStoreListInspectAndRemove()
    {
        var file = Path.Combine(_host.Dir, "data.txt");
        File.WriteAllText(file, "hunter2");
        var fromFile = _host.Run("secret", "create", "--label", "a=b", "fromfile", file);
        Assert.Equal(0, fromFile.ExitCode);
        var fileId = fromFile.Stdout.Trim();
        var stdinId = Create("fromstdin", "abc");
        var env = VainaBinary.Run([.. _host.Globals, "secret", "create", "--env", "fromenv", "SECRET_SOURCE"], null, new Dictionary<string, string> { ["SECRET_SOURCE"] = "envval" });
        Assert.Equal(0, env.ExitCode);

        // Podman's file driver layout: metadata and base64 data, private to the owner.
        var dir = Path.Combine(_host.Root, "secrets");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(dir, "filedriver")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "secrets.json")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "filedriver", "secretsdata.json")));
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "secrets.json")))!;
        Assert.Equal(fileId, (string?)metadata["nameToID"]!["fromfile"]);
        Assert.Equal("fromfile", (string?)metadata["idToName"]![fileId]);
        Assert.Equal("b", (string?)metadata["secrets"]![fileId]!["labels"]!["a"]);
        var data = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "filedriver", "secretsdata.json")))!;
        Assert.Equal(Convert.ToBase64String("hunter2"u8.ToArray()), (string?)data[fileId]);

        // Bad input, with Podman's words.
        var duplicate = _host.Run("secret", "create", "fromfile", file);
        Assert.Equal((125, "Error: fromfile: secret name in use\n"), (duplicate.ExitCode, duplicate.Stderr));
        Assert.Equal("Error: only 64 [a-zA-Z0-9-_.] characters allowed, and the start and end character must be [a-zA-Z0-9]: bad/name: invalid secret name\n", _host.Run("secret", "create", "bad/name", file).Stderr);
        var empty = Path.Combine(_host.Dir, "empty");
        File.WriteAllText(empty, string.Empty);
        Assert.Equal("Error: secret data must be larger than 0 and less than 512000 bytes\n", _host.Run("secret", "create", "e", empty).Stderr);
        Assert.Equal("Error: invalid driver\n", _host.Run("secret", "create", "--driver", "nope", "x", file).Stderr);
        Assert.Equal("Error: open /nonexistent: no such file or directory\n", _host.Run("secret", "create", "x", "/nonexistent").Stderr);
        Assert.Equal("Error: cannot create store secret data: environment variable NOT_SET_ANYWHERE is not set\n", _host.Run("secret", "create", "--env", "x", "NOT_SET_ANYWHERE").Stderr);
        Assert.Equal("Error: accepts 2 arg(s), received 1\n", _host.Run("secret", "create", "x").Stderr);

        // ls: the table, templates, regex filters on name and id, -q, --noheading.
        var table = _host.Run("secret", "ls").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^ID +NAME +DRIVER +CREATED +UPDATED$", table[0]);
        Assert.Equal(4, table.Length);
        Assert.Matches($"^{fileId}  fromfile +file +Less than a second ago|^{fileId}  fromfile +file +\\d+ seconds ago", table[1]);
        Assert.Equal("fromstdin file\n", _host.Run("secret", "ls", "--filter", "name=^froms", "--format", "{{.Name}} {{.Driver}}").Stdout);
        Assert.Equal("fromfile\nfromenv\n", _host.Run("secret", "ls", "--filter", "name=fromf", "--filter", "name=env$", "--format", "{{.Name}}").Stdout);
        Assert.Equal(stdinId + "\n", _host.Run("secret", "ls", "-q", "--filter", "id=" + stdinId[2..9]).Stdout);
        Assert.DoesNotContain("NAME", _host.Run("secret", "ls", "--noheading").Stdout);
        Assert.Equal("NAME\nfromstdin\n", _host.Run("secret", "ls", "--format", "table {{.Name}}", "--filter", "name=stdin").Stdout);
        Assert.Equal("json\n", _host.Run("secret", "ls", "--format", "json", "--filter", "name=stdin").Stdout);
        Assert.StartsWith("{\"ID\":\"" + stdinId + "\",\"Name\":\"fromstdin\",\"Driver\":\"file\",", _host.Run("secret", "ls", "--format", "{{json .}}", "--filter", "name=stdin").Stdout);
        Assert.Equal("Error: invalid filter \"label\"\n", _host.Run("secret", "ls", "--filter", "label=a").Stderr);

        // inspect: Podman's JSON, templates with Go's time text, --pretty; by name, id or id prefix.
        var inspected = JsonNode.Parse(_host.Run("secret", "inspect", "fromfile").Stdout)!.AsArray();
        var secret = inspected[0]!;
        Assert.Equal(fileId, (string?)secret["ID"]);
        Assert.Equal("fromfile", (string?)secret["Spec"]!["Name"]);
        Assert.Equal("file", (string?)secret["Spec"]!["Driver"]!["Name"]);
        Assert.Equal(Path.Combine(dir, "filedriver"), (string?)secret["Spec"]!["Driver"]!["Options"]!["path"]);
        Assert.Equal("b", (string?)secret["Spec"]!["Labels"]!["a"]);
        Assert.Equal((string?)secret["CreatedAt"], (string?)secret["UpdatedAt"]);
        Assert.Equal("fromfile map[a:b]\n", _host.Run("secret", "inspect", "--format", "{{.Spec.Name}} {{.Spec.Labels}}", fileId[..10]).Stdout);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC\n$", _host.Run("secret", "inspect", "--format", "{{.CreatedAt}}", "fromenv").Stdout);
        Assert.Matches("^ID: +" + stdinId + "\nName: +fromstdin\nDriver: +file\nCreated at: ", _host.Run("secret", "inspect", "--pretty", "fromstdin").Stdout);
        var missing = _host.Run("secret", "inspect", "fromfile", "nosuch");
        Assert.Equal(125, missing.ExitCode);
        Assert.Single(JsonNode.Parse(missing.Stdout)!.AsArray());
        Assert.Equal("Error: inspecting secret: no secret with name or id \"nosuch\": no such secret\n", missing.Stderr);

        // rm: ids printed, a missing one reported after the others are removed; -a removes the rest.
        var removed = _host.Run("secret", "rm", "fromfile", "nosuch");
        Assert.Equal((125, fileId + "\n", "Error: no secret with name or id \"nosuch\": no such secret\n"), (removed.ExitCode, removed.Stdout, removed.Stderr));
        Assert.Null(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "filedriver", "secretsdata.json")))![fileId]);
        Assert.Equal("Error: `vaina secret rm` requires one argument, or the --all flag\n", _host.Run("secret", "rm").Stderr);
        Assert.Equal(2, _host.Run("secret", "rm", "-a").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(string.Empty, _host.Run("secret", "ls", "-q").Stdout);
    }

    [Fact]
    public void DriverOptionsChooseWhereTheDataIsKept()
    {
        var store = Path.Combine(_host.Dir, "elsewhere");
        Create("pathed", "in-another-dir", "--driver-opts", "path=" + store);
        Assert.True(File.Exists(Path.Combine(store, "secretsdata.json")));

        // The shell driver runs the user's commands with SECRET_ID set.
        var shellStore = Path.Combine(_host.Dir, "shell");
        Directory.CreateDirectory(shellStore);
        var opts = $"store=cat > {shellStore}/$SECRET_ID,lookup=cat {shellStore}/$SECRET_ID,delete=rm {shellStore}/$SECRET_ID,list=ls {shellStore}";
        var id = Create("shelled", "via-shell", "--driver", "shell", "--driver-opts", opts);
        Assert.Equal("via-shell", File.ReadAllText(Path.Combine(shellStore, id)));
        Assert.Equal("via-shell", _host.Run("run", "--rm", "--secret", "shelled", _host.Image, "cat", "/run/secrets/shelled").Stdout);
        Assert.Equal("Error: missing config value\n", _host.RunWithInput("x", "secret", "create", "--driver", "shell", "bad", "-").Stderr);
        Assert.Equal(0, _host.Run("secret", "rm", "shelled").ExitCode);
        Assert.False(File.Exists(Path.Combine(shellStore, id)));
    }

    [Fact]
    public void SecretsReachTheContainerAsFilesAndVariables()
    {
        var mysecId = Create("mysec", "hunter2");
        Create("other", "abc");
        var run = _host.Run(
            "run", "--rm", "--secret", "mysec", "--secret", "source=other,type=env,target=MYENV", "--secret", "other,target=/etc/other.txt,uid=5,gid=6,mode=0400",
            "--secret", "other,target=rel.txt", _host.Image,
            "sh", "-c", "cat /run/secrets/mysec; echo; echo $MYENV; stat -c '%a %u %g' /run/secrets/mysec /etc/other.txt /run/secrets/rel.txt; cat /run/secrets/rel.txt");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("hunter2\nabc\n444 0 0\n400 5 6\n444 0 0\nabc", run.Stdout);

        // An env secret named alone takes the secret's name as the variable; inspect lists the mount ones as Podman.
        _host.Run("create", "--name", "withsecrets", "--secret", "mysec", "--secret", "other,type=env", _host.Image, "sh", "-c", "echo $other");
        Assert.Equal($"[{{\"Name\":\"mysec\",\"ID\":\"{mysecId}\",\"UID\":0,\"GID\":0,\"Mode\":292}}]", _host.Inspect("withsecrets", "{{json .Config.Secrets}}"));
        Assert.Equal("abc\n", _host.Run("start", "-a", "withsecrets").Stdout);

        // Removing a secret is allowed (Podman 4.3), and the next start then fails with Podman's error.
        Assert.Equal(0, _host.Run("secret", "rm", "other").ExitCode);
        var id = _host.Inspect("withsecrets", "{{.Id}}");
        var start = _host.Run("start", "withsecrets");
        Assert.Equal(125, start.ExitCode);
        Assert.Equal($"Error: unable to start container {id}: no secret with name or id \"other\": no such secret\n", start.Stderr);

        Assert.Equal("Error: no secret with name or id \"nosuch\": no such secret\n", _host.Run("create", "--secret", "nosuch", _host.Image).Stderr);
        Assert.Equal("Error: type bogus is invalid: parsing secret\n", _host.Run("create", "--secret", "mysec,type=bogus", _host.Image).Stderr);
        Assert.Equal("Error: UID, GID, Mode options cannot be set with secret type env: parsing secret\n", _host.Run("create", "--secret", "mysec,type=env,uid=3", _host.Image).Stderr);
        Assert.Equal("Error: option foo=bar invalid: parsing secret\n", _host.Run("create", "--secret", "mysec,foo=bar", _host.Image).Stderr);
        Assert.Equal("Error: mode abc invalid: parsing secret\n", _host.Run("create", "--secret", "mysec,mode=abc", _host.Image).Stderr);
        Assert.Equal("Error: no source found type=env,target=X: parsing secret\n", _host.Run("create", "--secret", "type=env,target=X", _host.Image).Stderr);
        Assert.Equal("withsecrets\n", _host.Run("ps", "-a", "--format", "{{.Names}}").Stdout);
    }
}
