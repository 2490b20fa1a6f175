using System.Text;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Create: every --secret must name a stored secret (Podman's "no such secret" otherwise); its id is kept.</summary>
    private void ResolveSecrets(ContainerConfig config)
    {
        foreach (var secret in config.Secrets)
        {
            secret.Id = _engine.Secrets.Get(secret.Name).Id;
        }
    }

    /// <summary>
    /// Each start (as Podman's): the secrets' current data, mount ones written to STATICDIR/secrets/NAME with their
    /// uid, gid and mode and bound at their target; env ones as NAME=DATA. A secret removed since create fails the start.
    /// </summary>
    private (List<BindMount> Mounts, List<string> Env) PrepareSecrets(ContainerRecord record)
    {
        var config = record.Config;
        if (config.Secrets.Count == 0)
        {
            return ([], []);
        }

        var mounts = new List<BindMount>();
        var env = new List<string>();
        var directory = Path.Combine(PathsFor(record.Id).StaticDir, "secrets");
        Directory.CreateDirectory(directory);
        foreach (var secret in config.Secrets)
        {
            byte[] data;
            try
            {
                data = _engine.Secrets.ReadData(secret.Name);
            }
            catch (VainaException e)
            {
                throw new VainaException($"unable to start container {record.Id}: {e.Message}");
            }

            if (secret.Type == "env")
            {
                env.Add(secret.Target + "=" + Encoding.UTF8.GetString(data));
                continue;
            }

            // The same secret mounted twice (other target, owner or mode) gets a file of its own.
            var file = Path.Combine(directory, secret.Name);
            for (int n = 1; mounts.Any(m => m.Source == file); n++)
            {
                file = Path.Combine(directory, $"{secret.Name}.{n}");
            }

            File.Delete(file);
            File.WriteAllBytes(file, data);
            var (uid, gid) = config.UserNamespace?.ToHost(secret.Uid, secret.Gid) ?? (secret.Uid, secret.Gid);
            Vaina.Linux.Interop.Lchown(file, uid, gid);
            File.SetUnixFileMode(file, (UnixFileMode)(secret.Mode & 0xfff));
            mounts.Add(new BindMount(file, secret.MountPath, ["bind", "rprivate"]));
        }

        return (mounts, env);
    }
}
