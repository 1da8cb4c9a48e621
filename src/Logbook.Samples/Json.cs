using System.Globalization;
using System.Text;

namespace Logbook.Samples;

/// <summary>Just enough JSON writing for generated messages: escaped strings, invariant numbers and times.</summary>
internal static class Json
{
    /// <summary><paramref name="text"/> as a JSON string literal, quotes included.</summary>
    public static string Quote(string text)
    {
        if (!NeedsEscape(text))
        {
            return "\"" + text + "\"";
        }

        var builder = new StringBuilder(text.Length + 8).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case < ' ':
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>An instant as ISO-8601 UTC with milliseconds (<c>2026-01-05T14:03:07.123Z</c>).</summary>
    public static string Instant(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Hundredths as a decimal number (<c>1234</c> is <c>12.34</c>), without floating point.</summary>
    public static string Hundredths(long value) => string.Create(CultureInfo.InvariantCulture, $"{value / 100}.{value % 100:00}");

    private static bool NeedsEscape(string text)
    {
        foreach (var c in text)
        {
            if (c is '"' or '\\' or < ' ')
            {
                return true;
            }
        }

        return false;
    }
}
