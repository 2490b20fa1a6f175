using Vaina.Storage.Containers;

namespace Vaina.Storage.Tests;

/// <summary>A store in a fresh temp directory on the root filesystem; unmounts and removes everything on Dispose.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore(string driver = "overlay", IReadOnlyDictionary<string, string>? driverOptions = null)
    {
        Directory = Path.Combine("/var/tmp/vaina-storage-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Options = new StoreOptions
        {
            GraphRoot = Path.Combine(Directory, "graph"),
            RunRoot = Path.Combine(Directory, "run"),
            Driver = driver,
            DriverOptions = driverOptions ?? new Dictionary<string, string>(),
        };
        Store = Store.Open(Options);
    }

    public string Directory { get; }

    public StoreOptions Options { get; }

    public Store Store { get; }

    public static bool IsRoot => Vaina.Linux.Interop.GetEffectiveUserId() == 0;

    public void Dispose()
    {
        foreach (string line in File.ReadAllLines("/proc/self/mountinfo").Reverse())
        {
            string mountPoint = line.Split(' ')[4];
            if (mountPoint.StartsWith(Directory, StringComparison.Ordinal))
            {
                Vaina.Linux.Interop.Umount2(mountPoint, Vaina.Linux.Interop.UnmountDetach);
            }
        }

        Store.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
