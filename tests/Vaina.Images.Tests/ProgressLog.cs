using System.Collections.Concurrent;
using Vaina.Images.Pull;

namespace Vaina.Images.Tests;

/// <summary>Collects progress events synchronously (Progress&lt;T&gt; would post them later).</summary>
public sealed class ProgressLog : IProgress<ImageProgress>
{
    public ConcurrentQueue<ImageProgress> Events { get; } = new();

    public IReadOnlyList<string> Lines => Events.Select(e => e.PlainText).OfType<string>().ToList();

    public void Report(ImageProgress value) => Events.Enqueue(value);
}
