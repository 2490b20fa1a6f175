using System.CommandLine;
using System.Text;
using Vaina.Cli.Parsing;
using Vaina.Engine.Images;

namespace Vaina.Cli.Commands.Image;

/// <summary>`login` and `logout`: credentials in auth.json at Podman's paths (also read from ~/.docker/config.json).</summary>
public static class LoginCommands
{
    public static VainaCommand CreateLogin(CliContext context)
    {
        var command = new VainaCommand("login", "Log in to a container registry", "[options] [REGISTRY]")
        {
            LongDescription = "Log in to a container registry on a specified server.",
            Examples = "podman login quay.io\n  podman login --username ... --password ... quay.io\n  podman login",
        };
        var authFile = Flags.String("--authfile", null, "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override");
        var certDir = Flags.String("--cert-dir", null, "use certificates at the specified path to access the registry");
        var getLogin = Flags.Bool("--get-login", null, "Return the current login user for the registry");
        var password = Flags.String("--password", "p", "Password for registry");
        var passwordStdin = Flags.Bool("--password-stdin", null, "Take the password from stdin");
        var tlsVerify = Flags.Bool("--tls-verify", null, "Require HTTPS and verify certificates when contacting registries", true);
        var username = Flags.String("--username", "u", "Username for registry");
        var verbose = Flags.Bool("--verbose", "v", "Write more detailed information to stdout");
        var registry = new Argument<string[]>("REGISTRY") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(authFile, certDir, getLogin, password, passwordStdin, tlsVerify, username, verbose);
        command.Arguments.Add(registry);
        command.SetAction(async (result, ct) =>
        {
            var args = result.GetValue(registry) ?? [];
            if (args.Length > 1)
            {
                throw new VainaException("login accepts only one registry to login to");
            }

            using var engine = context.CreateEngine(result);
            var key = ImageService.NormalizeRegistryKey(args.Length == 1 ? args[0] : engine.Images.DefaultLoginRegistry());
            var file = result.GetValue(authFile);
            if (result.GetValue(getLogin))
            {
                context.Out.WriteLine(engine.Images.GetLogin(key, file));
                return 0;
            }

            bool? verify = result.GetResult(tlsVerify) is { Implicit: false } ? result.GetValue(tlsVerify) : null;
            var user = result.GetValue(username);
            var pass = result.GetValue(password);
            if (result.GetValue(passwordStdin))
            {
                if (!string.IsNullOrEmpty(pass))
                {
                    throw new VainaException("can't specify both --password-stdin and --password");
                }

                if (string.IsNullOrEmpty(user))
                {
                    throw new VainaException("must provide --username with --password-stdin");
                }

                pass = Console.In.ReadToEnd().TrimEnd('\n', '\r');
            }

            if (string.IsNullOrEmpty(user) && string.IsNullOrEmpty(pass))
            {
                var stored = await engine.Images.CheckStoredLoginAsync(key, file, result.GetValue(certDir), verify, ct).ConfigureAwait(false);
                if (stored == true)
                {
                    context.Out.WriteLine($"Authenticating with existing credentials for {key}");
                    context.Out.WriteLine($"Existing credentials are valid. Already logged in to {key}");
                    return 0;
                }
            }

            if (string.IsNullOrEmpty(user))
            {
                var previous = engine.Images.StoredUsername(key, file);
                context.Out.Write(previous is null ? "Username: " : $"Username ({previous}): ");
                context.Out.Flush();
                user = Console.In.ReadLine()?.Trim();
                if (string.IsNullOrEmpty(user))
                {
                    user = previous ?? throw new VainaException("getting username and password: reading username: EOF");
                }
            }

            if (string.IsNullOrEmpty(pass))
            {
                context.Out.Write("Password: ");
                context.Out.Flush();
                pass = ReadPassword();
                context.Out.WriteLine();
                if (string.IsNullOrEmpty(pass))
                {
                    throw new VainaException("getting username and password: password is required");
                }
            }

            await engine.Images.LoginAsync(key, user, pass, file, result.GetValue(certDir), verify, ct).ConfigureAwait(false);
            context.Out.WriteLine("Login Succeeded!");
            return 0;
        });
        return command;
    }

    public static VainaCommand CreateLogout(CliContext context)
    {
        var command = new VainaCommand("logout", "Log out of a container registry", "[options] [REGISTRY]")
        {
            LongDescription = "Remove the cached username and password for the registry.",
            Examples = "podman logout quay.io\n  podman logout --authfile dir/auth.json quay.io\n  podman logout --all",
        };
        var authFile = Flags.String("--authfile", null, "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override");
        var all = Flags.Bool("--all", "a", "Remove the cached credentials for all registries in the auth file");
        var registry = new Argument<string[]>("REGISTRY") { Arity = ArgumentArity.ZeroOrMore };
        command.AddAll(authFile, all);
        command.Arguments.Add(registry);
        command.SetAction(result =>
        {
            var args = result.GetValue(registry) ?? [];
            if (args.Length > 1)
            {
                throw new VainaException("logout accepts only one registry to logout from");
            }

            using var engine = context.CreateEngine(result);
            var file = result.GetValue(authFile);
            if (result.GetValue(all))
            {
                if (args.Length > 0)
                {
                    throw new VainaException("--all takes no arguments");
                }

                engine.Images.LogoutAll(file);
                context.Out.WriteLine("Removed login credentials for all registries");
                return 0;
            }

            var key = ImageService.NormalizeRegistryKey(args.Length == 1 ? args[0] : engine.Images.DefaultLoginRegistry());
            engine.Images.Logout(key, file);
            context.Out.WriteLine($"Removed login credentials for {key}");
            return 0;
        });
        return command;
    }

    private static string ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? string.Empty;
        }

        using var keys = new Terminal.TerminalKeys();
        return keys.ReadHiddenLine();
    }
}
