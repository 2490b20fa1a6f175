using System.Globalization;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

/// <summary>
/// run/create flags that reach beyond the spec: --preserve-fds, --rmi, --sdnotify, --seccomp-policy,
/// --cgroup-conf, --personality (Podman 4.3.1's checks and words).
/// </summary>
public sealed partial class ContainerService
{
    /// <summary>The image label whose value is the seccomp profile --seccomp-policy image uses (Podman's).</summary>
    public const string SeccompProfileLabel = "io.containers.seccomp.profile";

    /// <summary>
    /// Podman's check for run and exec --preserve-fds: every descriptor 3..3+N-1 must really be passed by the caller
    /// (open and inheritable: the engine's own descriptors are close-on-exec).
    /// </summary>
    public static void CheckPreservedFds(uint count)
    {
        if (FirstMissingFd(count) is int fd)
        {
            throw new VainaException($"file descriptor {fd} is not available - the preserve-fds option requires that file descriptors must be passed");
        }
    }

    /// <summary>Whether this process holds the descriptors (the run that asked for them does).</summary>
    private static bool PreservedFdsHeld(uint count) => FirstMissingFd(count) is null;

    private static int? FirstMissingFd(uint count)
    {
        for (int fd = 3; fd < 3 + count; fd++)
        {
            if (!Vaina.Linux.Interop.IsInheritedDescriptor(fd))
            {
                return fd;
            }
        }

        return null;
    }

    /// <summary>
    /// run --rmi: removes the image by the name the container was made from (only that name when it has others);
    /// returns the errors Podman logs (an image another container uses stays).
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveImageAfterRunAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrEmpty(record.ImageName) ? record.ImageId : record.ImageName;
        if (string.IsNullOrEmpty(name))
        {
            return [];
        }

        var report = await _engine.Images.RemoveAsync([name], all: false, force: false, ignore: true, cancellationToken).ConfigureAwait(false);
        return [.. report.Errors.Select(e => e.Message)];
    }

    /// <summary>Create-time checks and defaults of the run/create flags handled here.</summary>
    private void ResolveRunFlags(ContainerConfig config, IReadOnlyDictionary<string, string>? imageLabels)
    {
        if (config.SdNotifyMode is not ("container" or "conmon" or "ignore"))
        {
            throw new VainaException($"invalid config provided: invalid argument: invalid sdnotify value \"{config.SdNotifyMode}\": must be container, conmon or ignore");
        }

        config.SdNotifySocket = config.SdNotifyMode == "ignore" ? null
            : Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 } socket ? socket : null;

        if (config.SeccompPolicy is not ("default" or "image"))
        {
            throw new VainaException($"invalid seccomp policy \"{config.SeccompPolicy}\": valid policies are [\"default\" \"image\"]");
        }

        // As Podman, the image's profile is looked for only when seccomp is not unconfined.
        if (config.SeccompPolicy == "image" && SecurityOptions.Parse(config.SecurityOpts).SeccompProfile != "unconfined" && (imageLabels is null || !imageLabels.TryGetValue(SeccompProfileLabel, out var profile) || profile.Length == 0))
        {
            throw new VainaException("no seccomp policy defined by image");
        }

        if (config.CgroupConf.Count > 0 && !CgroupLayout.Detect().IsUnified)
        {
            throw new VainaException("cannot use --cgroup-conf without cgroup v2");
        }

        foreach (var rule in config.DeviceCgroupRules)
        {
            DeviceCgroupRules.Parse(rule);
        }

        PersonalityOf(config.Personality);
        if (config.LogDriver.Length == 0)
        {
            // No --log-driver: containers.conf's log_driver (json-file is k8s-file there too).
            string configured = _engine.Config.Containers.Containers.LogDriver;
            config.LogDriver = configured is "json-file" or "" ? "k8s-file" : configured;
            if (config.LogDriver is not ("k8s-file" or "none" or "passthrough" or "journald"))
            {
                throw new VainaException("running container create option: invalid log driver: invalid argument");
            }
        }

        if (config.LogDriver == "journald")
        {
            CheckJournal();
        }
    }

    /// <summary>
    /// --log-opt tag for conmon's journald driver (CONTAINER_TAG, SYSLOG_IDENTIFIER): as Podman, a Go template over
    /// the container's inspect data ("{{.Name}}", "{{.ImageName}}"); inspect keeps showing the text as given.
    /// </summary>
    private string? ExpandLogTag(ContainerRecord record)
    {
        if (record.Config.LogTag is not { Length: > 0 } tag)
        {
            return null;
        }

        if (!tag.Contains("{{", StringComparison.Ordinal))
        {
            return tag;
        }

        Vaina.Formatting.Templates.GoTemplate template;
        try
        {
            template = Vaina.Formatting.Templates.GoTemplate.Parse(tag, "container");
        }
        catch (Vaina.Formatting.Templates.TemplateException e)
        {
            throw new VainaException($"template parsing error {tag}: {e.Message}");
        }

        return template.Execute(Inspect(record, size: false));
    }

    /// <summary>The journal socket conmon's journald driver writes to.</summary>
    private const string JournalSocket = "/run/systemd/journal/socket";

    /// <summary>
    /// --log-driver journald needs a running journald: without one, Podman's error (Go's autobound client address
    /// in it is random, as in Podman's).
    /// </summary>
    private static void CheckJournal()
    {
        try
        {
            using var socket = new global::System.Net.Sockets.Socket(global::System.Net.Sockets.AddressFamily.Unix, global::System.Net.Sockets.SocketType.Dgram, global::System.Net.Sockets.ProtocolType.Unspecified);
            socket.Connect(new global::System.Net.Sockets.UnixDomainSocketEndPoint(JournalSocket));
        }
        catch (global::System.Net.Sockets.SocketException e)
        {
            var reason = e.SocketErrorCode switch
            {
                global::System.Net.Sockets.SocketError.AddressNotAvailable => "no such file or directory",
                global::System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
                global::System.Net.Sockets.SocketError.AccessDenied => "permission denied",
                _ => File.Exists(JournalSocket) ? e.Message.ToLowerInvariant() : "no such file or directory",
            };
            var client = string.Create(CultureInfo.InvariantCulture, $"@{Random.Shared.Next(0x10000, 0xfffff):x5}");
            throw new VainaException($"failed to initialize journal: write unixgram {client}->{JournalSocket}: sendmsg: {reason}");
        }
    }

    /// <summary>The seccomp profile text of --seccomp-policy image (the image's label), else null.</summary>
    private string? ImageSeccompProfile(ContainerRecord record)
        => record.Config.SeccompPolicy == "image" && ImageConfigOf(record)?.Config?.Labels is { } labels && labels.TryGetValue(SeccompProfileLabel, out var profile) ? profile : null;

    /// <summary>
    /// --sdnotify conmon: conmon's pid and READY=1 go to the client's NOTIFY_SOCKET once the container runs
    /// (container mode sends MAINPID only: the container itself says READY through conmon's relay).
    /// </summary>
    private void NotifyStarted(ContainerRecord record)
    {
        var c = record.Config;
        if (c.SdNotifyMode == "ignore" || c.SdNotifySocket is not { } socket)
        {
            return;
        }

        var payload = string.Create(CultureInfo.InvariantCulture, $"MAINPID={record.ConmonPid}");
        if (c.SdNotifyMode == "conmon")
        {
            payload += "\nREADY=1";
        }

        try
        {
            SdNotify.Send(socket, payload);
        }
        catch (Exception e) when (e is IOException or global::System.Net.Sockets.SocketException)
        {
            // Podman logs the failure and goes on: the container runs.
            Console.Error.WriteLine($"time=\"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\" level=error msg=\"Notifying systemd of Conmon PID: {e.Message}\"");
        }
    }

    /// <summary>Where a container in sd-notify container mode finds conmon's relay socket (Podman's path).</summary>
    public const string ContainerNotifySocket = "/run/notify/notify.sock";

    /// <summary>The host socket conmon relays the container's sd-notify messages to (container mode), else null.</summary>
    private static string? NotifyRelaySocket(ContainerRecord record)
        => record.Config is { SdNotifyMode: "container", SdNotifySocket: { Length: > 0 } socket } ? socket : null;

    /// <summary>Container mode: the bundle's notify directory (conmon makes notify.sock in it) bound at /run/notify.</summary>
    private IEnumerable<BindMount> NotifyMounts(ContainerRecord record)
    {
        if (NotifyRelaySocket(record) is null)
        {
            return [];
        }

        var directory = Path.Combine(PathsFor(record.Id).Bundle, "notify");
        Directory.CreateDirectory(directory);
        return [new BindMount(directory, Path.GetDirectoryName(ContainerNotifySocket)!, ["bind", "rprivate"])];
    }

    /// <summary>--chrootdirs: the engine's /etc/hosts and /etc/resolv.conf also inside each chroot directory (Podman's).</summary>
    private static IEnumerable<BindMount> ChrootDirMounts(ContainerConfig c, IReadOnlyList<BindMount> networkMounts)
    {
        foreach (var directory in c.ChrootDirs)
        {
            var root = "/" + directory.Trim('/');
            foreach (var file in networkMounts.Where(m => m.Destination is "/etc/hosts" or "/etc/resolv.conf"))
            {
                yield return file with { Destination = (root == "/" ? string.Empty : root) + file.Destination };
            }
        }
    }

    /// <summary>--personality's execution domain number (checked at create: LINUX or LINUX32, the OCI spec's domains).</summary>
    private static uint? PersonalityOf(string? domain) => domain switch
    {
        null => null,
        "LINUX" => Vaina.Linux.Interop.PER_LINUX,
        "LINUX32" => Vaina.Linux.Interop.PER_LINUX32,
        _ => throw new VainaException($"invalid personality domain \"{domain}\": must be LINUX or LINUX32"),
    };
}
