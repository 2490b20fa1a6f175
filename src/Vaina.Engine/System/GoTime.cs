using System.Globalization;

namespace Vaina.Engine.System;

/// <summary>Go's time layouts that Podman prints, so that output matches byte for byte.</summary>
public static class GoTime
{
    /// <summary>time.ANSIC: "Mon Jan _2 15:04:05 2006" (the day padded with a space).</summary>
    public static string Ansic(DateTimeOffset time)
        => string.Create(CultureInfo.InvariantCulture, $"{time:ddd MMM} {time.Day,2} {time:HH:mm:ss yyyy}");
}
