using System.Globalization;
using System.Text;

namespace Logbook.Cli.Output;

/// <summary>
/// The text of a value, the same in every format: invariant culture, ISO-8601 timestamps with microseconds
/// (a trailing Z for instants), BLOBs as DuckDB prints them (printable ASCII kept, other bytes as \xNN).
/// </summary>
internal static class ValueText
{
    public static string Format(object value) => value switch
    {
        string text => text,
        bool boolean => boolean ? "true" : "false",
        DateTime timestamp => timestamp.ToString(
            timestamp.Kind == DateTimeKind.Utc ? "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff",
            CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        Guid guid => guid.ToString("D"),
        byte[] bytes => Blob(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Blob(byte[] bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7F && b != (byte)'\\')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        return builder.ToString();
    }
}
