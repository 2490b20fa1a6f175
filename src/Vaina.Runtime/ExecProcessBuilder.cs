using Vaina.Runtime.Spec;

namespace Vaina.Runtime;

/// <summary>
/// Builds an exec session's process.json from the container's own process (as Podman does): same environment,
/// capabilities, rlimits and no-new-privileges, with the exec's command, extra env, user, workdir and terminal.
/// </summary>
public static class ExecProcessBuilder
{
    public static SpecProcess Build(SpecProcess container, string rootfs, ExecProcessOptions options)
    {
        if (options.Command.Count == 0)
        {
            throw new VainaException("must provide a non-empty command to start an exec session: invalid argument");
        }

        var env = ContainerEnvironment.Build(
            new EnvironmentOptions { UnsetAll = true, Env = options.Env, EnvFiles = options.EnvFiles },
            [], options.Terminal, null, "/");
        List<string> merged = [.. container.Env ?? []];
        foreach (string e in env)
        {
            string key = e[..e.IndexOf('=', StringComparison.Ordinal)];
            merged.RemoveAll(x => x.StartsWith(key + "=", StringComparison.Ordinal));
            merged.Add(e);
        }

        if (options.Terminal && !merged.Any(e => e.StartsWith("TERM=", StringComparison.Ordinal)))
        {
            merged.Add("TERM=xterm");
        }

        SpecUser user = container.User;
        if (options.User is not null)
        {
            ResolvedUser resolved = ContainerUserResolver.Resolve(rootfs, options.User);
            user = new SpecUser
            {
                Uid = resolved.Uid,
                Gid = resolved.Gid,
                AdditionalGids = resolved.AdditionalGids.Count > 0 ? [.. resolved.AdditionalGids] : null,
                Umask = container.User.Umask,
            };
            if (!merged.Any(e => e.StartsWith("HOME=", StringComparison.Ordinal)))
            {
                merged.Add("HOME=" + resolved.Home);
            }
        }

        SpecCapabilities? caps = container.Capabilities;
        if (options.Privileged)
        {
            List<string> all = [.. CapabilitySet.SupportedByKernel()];
            caps = new SpecCapabilities { Bounding = all, Effective = [.. all], Permitted = [.. all] };
        }

        return new SpecProcess
        {
            Terminal = options.Terminal,
            User = user,
            Args = [.. options.Command],
            Env = merged,
            Cwd = options.WorkingDir ?? container.Cwd,
            Capabilities = caps,
            Rlimits = container.Rlimits,
            NoNewPrivileges = container.NoNewPrivileges,
            ApparmorProfile = container.ApparmorProfile,
            SelinuxLabel = container.SelinuxLabel,
        };
    }
}
