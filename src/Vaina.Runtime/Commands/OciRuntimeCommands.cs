using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Vaina.Runtime.Discovery;
using Vaina.Runtime.Spec;

namespace Vaina.Runtime.Commands;

/// <summary>
/// runc/crun subcommands on vaina's own runtime state (--root under the vaina run root, so Podman's containers
/// are never seen): state, start, kill, delete, pause, resume, update, ps.
/// </summary>
public sealed class OciRuntimeCommands
{
    private readonly OciRuntimeInfo _runtime;
    private readonly IReadOnlyList<string> _globalArgs;

    /// <param name="globalArgs">--root DIR, --systemd-cgroup, --runtime-flag values (see ConmonLauncher.RuntimeGlobalArgs).</param>
    public OciRuntimeCommands(OciRuntimeInfo runtime, IReadOnlyList<string> globalArgs)
    {
        _runtime = runtime;
        _globalArgs = globalArgs;
    }

    /// <summary>The container's runtime state, or null when the runtime does not know it.</summary>
    public async Task<RuntimeState?> StateAsync(string id, CancellationToken cancellationToken = default)
    {
        RuntimeCommandResult r = await RunAsync(["state", id], cancellationToken).ConfigureAwait(false);
        if (r.ExitCode != 0)
        {
            if (r.Stderr.Contains("does not exist", StringComparison.Ordinal) || r.Stderr.Contains("not exist", StringComparison.Ordinal))
            {
                return null;
            }

            throw Fail("state", r);
        }

        return JsonSerializer.Deserialize(r.Stdout, RuntimeJsonContext.Default.RuntimeState);
    }

    /// <param name="inProcess">Whether a runc container may be started without running `runc start` (see RuncStateFile.TryStart).</param>
    public async Task StartAsync(string id, CancellationToken cancellationToken = default, bool inProcess = true)
    {
        if (inProcess && RuncState(id) is { } state && state.TryStart())
        {
            return;
        }

        Check("start", await RunAsync(["start", id], cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Sends a signal (number or name, parsed like Podman) to the init process, or all processes.</summary>
    public async Task KillAsync(string id, string signal, bool all = false, CancellationToken cancellationToken = default)
    {
        int number = SignalParser.Parse(signal);
        if (!all && RuncState(id) is { } state && state.TrySignalInit(number))
        {
            return;
        }

        List<string> args = ["kill"];
        if (all)
        {
            args.Add("--all");
        }

        args.AddRange([id, number.ToString(CultureInfo.InvariantCulture)]);
        Check("kill", await RunAsync(args, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Deletes the runtime's record; a container that is already gone is not an error.</summary>
    public async Task DeleteAsync(string id, bool force = false, CancellationToken cancellationToken = default)
    {
        if (RuncState(id) is { } state && state.TryDeleteStopped())
        {
            return;
        }

        List<string> args = ["delete"];
        if (force)
        {
            args.Add("--force");
        }

        args.Add(id);
        RuntimeCommandResult r = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        if (r.ExitCode != 0 && !r.Stderr.Contains("not exist", StringComparison.Ordinal))
        {
            throw Fail("delete", r);
        }
    }

    public async Task PauseAsync(string id, CancellationToken cancellationToken = default)
        => Check("pause", await RunAsync(["pause", id], cancellationToken).ConfigureAwait(false));

    public async Task ResumeAsync(string id, CancellationToken cancellationToken = default)
        => Check("resume", await RunAsync(["resume", id], cancellationToken).ConfigureAwait(false));

    /// <summary>Applies new resources (podman update): the OCI resources JSON goes in a file.</summary>
    public async Task UpdateAsync(string id, SpecResources resources, string scratchDirectory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(scratchDirectory);
        string file = Path.Combine(scratchDirectory, $"resources-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(resources, RuntimeJsonContext.Default.SpecResources), cancellationToken).ConfigureAwait(false);
        try
        {
            Check("update", await RunAsync(["update", "--resources", file, id], cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Host pids of the container's processes (`runtime ps --format json`).</summary>
    public async Task<IReadOnlyList<int>> PsAsync(string id, CancellationToken cancellationToken = default)
    {
        RuntimeCommandResult r = await RunAsync(["ps", "--format", "json", id], cancellationToken).ConfigureAwait(false);
        Check("ps", r);
        string text = r.Stdout.Trim();
        if (text is "" or "null")
        {
            return [];
        }

        return text.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.Parse(p.Trim(), CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>runc's state file of the container when the runtime is runc with cgroupfs (else null: always exec).</summary>
    private RuncStateFile? RuncState(string id)
    {
        // Only plain `runc --root DIR`: runtime flags or the systemd cgroup manager may change what runc does.
        if (_runtime.Name != "runc" || _globalArgs.Count != 2 || _globalArgs[0] != "--root")
        {
            return null;
        }

        return RuncStateFile.TryRead(_globalArgs[1], id);
    }

    public async Task<RuntimeCommandResult> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(_runtime.Path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in _globalArgs.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        // sd-notify is vaina's to handle (--sdnotify): runc given NOTIFY_SOCKET would wait in `start` for a READY=1.
        psi.Environment.Remove("NOTIFY_SOCKET");

        Process process;
        lock (ProcessSpawnLock.Gate)
        {
            process = Process.Start(psi) ?? throw new VainaException($"starting {_runtime.Path} failed");
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new RuntimeCommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }

    private void Check(string verb, RuntimeCommandResult r)
    {
        if (r.ExitCode != 0)
        {
            throw Fail(verb, r);
        }
    }

    private VainaException Fail(string verb, RuntimeCommandResult r)
    {
        string message = RuntimeMessage(r.Stderr);
        return new VainaException($"{_runtime.Name} {verb} failed: {message}: exit status {r.ExitCode}");
    }

    private static string RuntimeMessage(string stderr)
    {
        // runc prints JSON lines when --log-format=json is in the global args, text otherwise.
        string? last = null;
        foreach (string line in stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                RuntimeLogEntry? e = JsonSerializer.Deserialize(line, RuntimeJsonContext.Default.RuntimeLogEntry);
                last = e?.Msg ?? line;
            }
            catch (JsonException)
            {
                last = line;
            }
        }

        return (last ?? "").Trim();
    }
}
