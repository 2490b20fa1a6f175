namespace Vaina.Linux;

public static partial class Interop
{
    public const short PollIn = 1;
    public const short PollHangUp = 0x10;

    /// <summary>
    /// poll(2) on one descriptor: the events that occurred (POLLIN, POLLHUP, ...), or 0 on timeout or EINTR.
    /// Unlike <see cref="PollReadable"/> it reports a hang-up without data (a pipe whose writer closed).
    /// </summary>
    public static unsafe short PollEvents(int fd, short events, int timeoutMs)
    {
        var entry = new PollFd { Fd = fd, Events = events };
        int n = PollNative(&entry, 1, timeoutMs);
        return n > 0 ? entry.Revents : (short)0;
    }
}
