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
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.UpArrow or ConsoleKey.K:
                    selected = (selected + items.Count - 1) % items.Count;
                    break;
                case ConsoleKey.DownArrow or ConsoleKey.J:
                    selected = (selected + 1) % items.Count;
                    break;
                case ConsoleKey.Enter:
                    output.Write($"\u001b[{items.Count + 1}A\r\u001b[J");
                    output.WriteLine($"✔ {items[selected]}");
                    return items[selected];
                case ConsoleKey.C when key.Modifiers.HasFlag(ConsoleModifiers.Control):
                case ConsoleKey.Escape:
                    throw new VainaException("short-name resolution: selecting an image: ^C");
            }

            Draw(output, items, selected, first: false);
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
