using System.Globalization;

namespace Logbook.Core.Replication;

/// <summary>
/// A place in a stream's order <c>(cursor, key)</c>. <see cref="Timestamp"/> is the source's value at full
/// (microsecond) precision, as a UTC <see cref="DateTime"/>; <see cref="Key"/> is the key's text form, cast back to
/// the key's type on the source. A position without a key means "before every row at this timestamp".
/// </summary>
public sealed record CursorPosition(DateTime Timestamp, string? Key)
{
    public static CursorPosition Before(DateTime timestamp) => new(DateTime.SpecifyKind(timestamp, DateTimeKind.Utc), null);

    /// <summary>The text form a key value is kept in (invariant culture; GUIDs in the 'D' form).</summary>
    public static string KeyText(object key) => key switch
    {
        string s => s,
        Guid g => g.ToString("D"),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? string.Empty,
    };

    public override string ToString() =>
        Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) + (Key is null ? string.Empty : " / " + Key);
}
