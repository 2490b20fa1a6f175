using Vaina.Images.ShortNames;

namespace Vaina.Cli.Commands.Image;

/// <summary>
/// Podman's short-name chooser: <c>? Please select an image:</c> and an arrow-key list (Enter picks, Ctrl-C aborts).
/// Only offered when stdin and stdout are terminals.
/// </summary>
public sealed class TerminalCandidatePrompter : ICandidatePrompter
{
    public bool CanPrompt => !Console.IsInputRedirected && !Console.IsOutputRedirected;

    public string Select(string label, IReadOnlyList<string> items)
    {
        var output = Console.Error;
        int selected = 0;
        output.WriteLine($"? {label}: ");
        Draw(output, items, selected, first: true);
        using var keys = new Terminal.TerminalKeys();
        while (true)
        {
            switch (ReadKey(keys))
            {
                case Key.Up:
                    selected = (selected + items.Count - 1) % items.Count;
                    break;
                case Key.Down:
                    selected = (selected + 1) % items.Count;
                    break;
                case Key.Enter:
                    output.Write($"\u001b[{items.Count + 1}A\r\u001b[J");
                    output.WriteLine($"✔ {items[selected]}");
                    return items[selected];
                case Key.Cancel:
                    throw new VainaException("short-name resolution: selecting an image: ^C");
                default:
                    continue;
            }

            Draw(output, items, selected, first: false);
        }
    }

    private enum Key
    {
        Other,
        Up,
        Down,
        Enter,
        Cancel,
    }

    /// <summary>Arrow keys in both cursor modes (ESC [ A and ESC O A), k/j, Enter, Ctrl-C, Ctrl-D and a lone Escape.</summary>
    private static Key ReadKey(Terminal.TerminalKeys keys)
    {
        switch (keys.ReadByte())
        {
            case -1 or 0x03 or 0x04:
                return Key.Cancel;
            case '\r' or '\n':
                return Key.Enter;
            case 'k':
                return Key.Up;
            case 'j':
                return Key.Down;
            case 0x1b:
                if (!Terminal.TerminalKeys.MoreWithin(50))
                {
                    return Key.Cancel;
                }

                int introducer = keys.ReadByte();
                if (introducer is not ('[' or 'O'))
                {
                    return Key.Other;
                }

                return keys.ReadByte() switch
                {
                    'A' => Key.Up,
                    'B' => Key.Down,
                    _ => Key.Other,
                };
            default:
                return Key.Other;
        }
    }

    private static void Draw(TextWriter output, IReadOnlyList<string> items, int selected, bool first)
    {
        if (!first)
        {
            output.Write($"\u001b[{items.Count}A");
        }

        for (int i = 0; i < items.Count; i++)
        {
            output.Write("\r\u001b[2K");
            output.WriteLine(i == selected ? $"  ▸ {items[i]}" : $"    {items[i]}");
        }

        output.Flush();
    }
}
