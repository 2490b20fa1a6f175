using Vaina.Linux;

namespace Vaina.Engine.System;

/// <summary>
/// `system reset`: removes every container (stopped first), network, volume and image of this store, then the
/// store's graph root and run root themselves (after unmounting what is left mounted below them). Directories
/// outside the store are not touched, except the network definitions vaina wrote in the network config dir.
/// </summary>
public sealed class SystemResetter(VainaEngine engine)
{
    /// <summary>Resets the store. The engine's store is closed afterwards: do not use the engine again.</summary>
    public async Task ResetAsync(TextWriter errors, CancellationToken ct)
    {
        string graphRoot = engine.Store.Options.GraphRoot;
        string runRoot = engine.Store.Options.RunRoot;
        string volumePath = engine.Volumes.VolumePath;

        await Attempt(errors, async () =>
        {
            foreach (var record in engine.Containers.List())
            {
                await Attempt(errors, () => engine.Containers.RemoveAsync(record.Id, force: true, timeout: 0, ct, removeVolumes: true)).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        await Attempt(errors, async () =>
        {
            foreach (var network in engine.Networks.List([]))
            {
                if (network.Name != engine.Config.Containers.Network.DefaultNetwork)
                {
                    await Attempt(errors, () => engine.Networks.RemoveAsync(network.Name, force: true, ct)).ConfigureAwait(false);
                }
            }
        }).ConfigureAwait(false);

        await Attempt(errors, async () =>
        {
            foreach (var volume in engine.Volumes.List())
            {
                await Attempt(errors, () => engine.Volumes.RemoveAsync(volume.Name, force: true, ct)).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        await Attempt(errors, async () =>
        {
            var report = await engine.Images.RemoveAsync([], all: true, force: true, ignore: true, ct).ConfigureAwait(false);
            foreach (var error in report.Errors)
            {
                errors.WriteLine($"Error: {error.Message}");
            }
        }).ConfigureAwait(false);

        engine.Dispose();
        foreach (var directory in new[] { volumePath, runRoot, graphRoot }.Distinct(StringComparer.Ordinal))
        {
            try
            {
                UnmountBelow(directory);
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or VainaException)
            {
                errors.WriteLine($"Error: removing {directory}: {e.Message}");
            }
        }
    }

    /// <summary>Detaches every mount at or below <paramref name="directory"/>, deepest first, so deleting it cannot reach into a mounted filesystem.</summary>
    private static void UnmountBelow(string directory)
    {
        string prefix = directory.TrimEnd('/') + "/";
        var mounts = File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(m => m == directory.TrimEnd('/') || m.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(m => m.Length);
        foreach (var mount in mounts)
        {
            try
            {
                Interop.Umount2(mount, Interop.UnmountDetach);
            }
            catch (LinuxException)
            {
                // Already gone (a parent's detach took it along).
            }
        }
    }

    private static async Task Attempt(TextWriter errors, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (VainaException e)
        {
            errors.WriteLine($"Error: {e.Message}");
        }
    }
}
