using System.Runtime.InteropServices;

namespace Vaina.Linux;

/// <summary>A failed system call, naming the call, the object it acted on, and the errno text.</summary>
public sealed class LinuxException : VainaException
{
    public LinuxException(string call, string? subject, int errno)
        : base(Format(call, subject, errno))
    {
        Call = call;
        Subject = subject;
        Errno = errno;
    }

    public string Call { get; }

    public string? Subject { get; }

    public int Errno { get; }

    /// <summary>Throws for the errno of the last failed P/Invoke (SetLastError = true).</summary>
    public static LinuxException FromLastError(string call, string? subject = null)
        => new(call, subject, Marshal.GetLastPInvokeError());

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    private static string Format(string call, string? subject, int errno)
        => subject is null ? $"{call}: {Describe(errno)}" : $"{call} {subject}: {Describe(errno)}";
}
