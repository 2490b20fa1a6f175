using System.Globalization;

namespace Vaina.Storage.State;

/// <summary>Timestamps as stored in the state DB: TEXT, round-trip format, UTC.</summary>
public static class DbTime
{
    public static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
