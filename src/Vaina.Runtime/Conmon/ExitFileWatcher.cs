using System.Globalization;

namespace Vaina.Runtime.Conmon;

/// <summary>Waits for conmon's exit file (decimal status, 128+signal for a killed process) to appear.</summary>
public static class ExitFileWatcher
{
    /// <summary>The exit code in the file, or null if it is not there yet.</summary>
    public static int? TryRead(string exitFile)
    {
        // The usual answer while the container runs: checked without the exception a failed open throws (in
        // NativeAOT, about 0.1 ms: every `ps` and `inspect` asks this for each running container).
        if (!File.Exists(exitFile))
        {
            return null;
        }

        try
        {
            string text = File.ReadAllText(exitFile).Trim();
            return text.Length > 0 && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int code)
                ? code
                : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Polls with a short, growing interval: conmon writes the file with g_file_set_contents (temp + rename),
    /// so a file that exists is complete.
    /// </summary>
    public static async Task<int> WaitAsync(string exitFile, CancellationToken cancellationToken = default, TimeSpan? timeout = null)
    {
        DateTime deadline = timeout is null ? DateTime.MaxValue : DateTime.UtcNow + timeout.Value;
        int delay = 5;
        while (true)
        {
            if (TryRead(exitFile) is int code)
            {
                return code;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {exitFile}");
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            // Capped at 20 ms: a check is a failed open, and a larger step adds its length to every exec/wait.
            delay = Math.Min(delay * 2, 20);
        }
    }
}
