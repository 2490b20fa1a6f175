using System.Diagnostics;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// `container runlabel`: the image's LABEL (pulled when missing) becomes a command run on the host, with
    /// Podman's substitutions ($IMAGE, $NAME, IMAGE=IMAGE, NAME=NAME, $PWD, $OPT1..3); podman, docker and vaina
    /// in it mean this program. Returns the command's exit code (0), or prints it with --display.
    /// </summary>
    public async Task RunlabelAsync(ContainerRunlabelRequest request, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        var pullPolicy = request.Pull ? "missing" : "never";
        var image = await _engine.Images.GetOrPullAsync(request.Image, pullPolicy, request.PullOptions, progress, cancellationToken).ConfigureAwait(false);
        var labels = _engine.Images.GetConfig(image).Config?.Labels ?? [];
        var label = labels.FirstOrDefault(l => string.Equals(l.Key, request.Label, StringComparison.OrdinalIgnoreCase)).Value;
        if (string.IsNullOrEmpty(label))
        {
            throw new VainaException($"cannot find the value of label: {request.Label} in image: {request.Image}");
        }

        var imageName = image.Names.FirstOrDefault() ?? image.Id;
        var name = request.Name;
        if (string.IsNullOrEmpty(name))
        {
            var basis = image.Id.StartsWith(request.Image, StringComparison.Ordinal) ? imageName : request.Image;
            name = basis[(basis.LastIndexOf('/') + 1)..].Split(':')[0];
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["PODMAN_RUNLABEL_NESTED"] = "1" };
        foreach (var (key, value) in new[] { ("OPT1", request.Opt1), ("OPT2", request.Opt2), ("OPT3", request.Opt3) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                env[key] = value;
            }
        }

        var text = request.Args.Count > 0 ? label + " " + string.Join(' ', request.Args) : label;
        var (command, substituted) = RunlabelCommand(text, imageName, name, request.Self, env);
        if (request.Display)
        {
            output.WriteLine("command: " + string.Join(' ', [substituted ? request.SelfName : command[0], .. command.Skip(1)]));
            return;
        }

        if (request.Replace && command.IndexOf("--name") is var at and >= 0 && at + 1 < command.Count && TryGet(command[at + 1]) is { } existing)
        {
            await RemoveAsync(existing.Id, force: true, timeout: null, cancellationToken).ConfigureAwait(false);
        }

        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = request.Quiet, RedirectStandardError = request.Quiet, RedirectStandardInput = request.Quiet };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        Process process;
        try
        {
            lock (ProcessSpawnLock.Gate)
            {
                process = Process.Start(start)!;
            }
        }
        catch (global::System.ComponentModel.Win32Exception e)
        {
            throw new VainaException($"exec: \"{command[0]}\": {e.Message.ToLowerInvariant()}");
        }

        using (process)
        {
            if (request.Quiet)
            {
                process.StandardInput.Close();
                await Task.WhenAll(process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellationToken), process.StandardError.BaseStream.CopyToAsync(Stream.Null, cancellationToken)).ConfigureAwait(false);
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new VainaException($"`{string.Join(' ', command)}` failed: exit status {process.ExitCode}");
            }
        }
    }

    /// <summary>
    /// Podman's generateCommand: the label split into words, its program substituted, NAME/IMAGE replaced in each
    /// word, then $OPT1..3 and $PWD expanded over the whole line (other variables become empty) and split again.
    /// </summary>
    public static (List<string> Command, bool Substituted) RunlabelCommand(string text, string imageName, string name, string self, IReadOnlyDictionary<string, string> env)
    {
        var words = ShellWords.Split(text);
        if (words.Count == 0)
        {
            throw new VainaException("cannot find the value of label: empty command");
        }

        var program = words[0];
        bool substituted = program is "podman" or "vaina" || Path.GetFileName(program) == "docker";
        if (substituted)
        {
            program = self;
        }
        else if (program.Contains('/', StringComparison.Ordinal) || program.StartsWith('.'))
        {
            program = Path.GetFullPath(program);
        }

        static string Replace(string word, string key, string value)
        {
            if (word == key)
            {
                return value;
            }

            word = word.Replace("$" + key, value, StringComparison.Ordinal).Replace("${" + key + "}", value, StringComparison.Ordinal);
            return word.EndsWith("=" + key, StringComparison.Ordinal) ? word.Replace("=" + key, "=" + value, StringComparison.Ordinal) : word;
        }

        var replaced = new List<string> { program };
        foreach (var word in words.Skip(1))
        {
            replaced.Add(word switch
            {
                "IMAGE=IMAGE" => "IMAGE=" + imageName,
                "NAME=NAME" => "NAME=" + name,
                _ => Replace(Replace(word, "NAME", name), "IMAGE", imageName),
            });
        }

        var line = ExpandVariables(string.Join(' ', replaced), key => key switch
        {
            "OPT1" or "OPT2" or "OPT3" => env.TryGetValue(key, out var v) ? v : string.Empty,
            "PWD" => Environment.CurrentDirectory,
            _ => string.Empty,
        });
        return (ShellWords.Split(line), substituted);
    }

    /// <summary>Go's os.Expand: $NAME and ${NAME} replaced by <paramref name="lookup"/>.</summary>
    private static string ExpandVariables(string text, Func<string, string> lookup)
    {
        var result = new global::System.Text.StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length)
            {
                result.Append(text[i]);
                continue;
            }

            if (text[i + 1] == '{')
            {
                int end = text.IndexOf('}', i + 2);
                if (end < 0)
                {
                    // Go drops a bad ${ syntax.
                    i = text.Length;
                    continue;
                }

                result.Append(lookup(text[(i + 2)..end]));
                i = end;
                continue;
            }

            int j = i + 1;
            if (!char.IsAsciiLetterOrDigit(text[j]) && text[j] != '_')
            {
                // Go's special one-character names ($*, $#, $1 ...) and anything else: "$" then that character.
                if ("*#$@!?-".Contains(text[j], StringComparison.Ordinal))
                {
                    result.Append(lookup(text[j].ToString()));
                    i = j;
                    continue;
                }

                result.Append('$');
                continue;
            }

            while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_'))
            {
                j++;
            }

            result.Append(lookup(text[(i + 1)..j]));
            i = j - 1;
        }

        return result.ToString();
    }
}
