using System.Diagnostics;

namespace Vaina.Engine.Secrets;

/// <summary>
/// Podman's shell driver: the user's commands (driver options store=, lookup=, delete=, list=) run by /bin/sh -c
/// with SECRET_ID set; store reads the data on stdin, lookup writes it on stdout.
/// </summary>
internal sealed class ShellSecretDriver : SecretDriver
{
    private readonly IReadOnlyDictionary<string, string> _options;

    public ShellSecretDriver(IReadOnlyDictionary<string, string> options)
    {
        foreach (var key in new[] { "delete", "list", "lookup", "store" })
        {
            if (!options.TryGetValue(key, out var command) || command.Length == 0)
            {
                throw new VainaException("missing config value");
            }
        }

        _options = options;
    }

    public override void Store(string id, byte[] data) => Run("store", id, data);

    public override byte[]? Lookup(string id)
    {
        try
        {
            return Run("lookup", id, null);
        }
        catch (VainaException)
        {
            return null;
        }
    }

    public override void Delete(string id) => Run("delete", id, null);

    private byte[] Run(string what, string id, byte[]? input)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_options[what]);
        start.Environment["SECRET_ID"] = id;
        using var process = Process.Start(start) ?? throw new VainaException($"cannot run the secret {what} command");
        var output = new MemoryStream();
        var reader = process.StandardOutput.BaseStream.CopyToAsync(output);
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
        }

        process.StandardInput.Close();
        reader.GetAwaiter().GetResult();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new VainaException($"secret {what} command failed: exit status {process.ExitCode}");
        }

        return output.ToArray();
    }
}
