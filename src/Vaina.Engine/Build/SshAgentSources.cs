using Vaina.Linux;

namespace Vaina.Engine.Build;

/// <summary>
/// `build --ssh` values as buildah reads them: <c>default</c> is the caller's $SSH_AUTH_SOCK, <c>ID=PATH</c> names an
/// agent socket. buildah also accepts private key files there and serves them from an agent of its own; vaina
/// forwards agent sockets only and says so for a key file.
/// </summary>
public static class SshAgentSources
{
    private const uint SocketType = 0xC000;

    public static IReadOnlyDictionary<string, string> Resolve(IReadOnlyList<string> values, string? sshAuthSock)
    {
        var sockets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string value in values)
        {
            int eq = value.IndexOf('=', StringComparison.Ordinal);
            string id = eq < 0 ? value : value[..eq];
            string? path = eq < 0 ? null : value[(eq + 1)..];
            if (string.IsNullOrEmpty(path))
            {
                if (string.IsNullOrEmpty(sshAuthSock))
                {
                    throw new VainaException($"no SSH_AUTH_SOCK set for --ssh {value}: start an ssh-agent or name a socket (--ssh {id}=/path/to/agent.sock)");
                }

                path = sshAuthSock;
            }

            if (path.Contains(',', StringComparison.Ordinal) || !Interop.TryGetFileStatus(Path.GetFullPath(path), out var status) || status.FileType != SocketType)
            {
                throw new VainaException($"--ssh {value}: \"{path}\" is not an SSH agent socket (vaina forwards agent sockets; load keys into an ssh-agent with ssh-add)");
            }

            sockets[id] = Path.GetFullPath(path);
        }

        return sockets;
    }
}
