using System.Globalization;
using System.Net;

namespace Logbook.Server.Web;

/// <summary>HTML encoding and the dashboard's display formats (invariant culture, times in UTC).</summary>
internal static class Html
{
    /// <summary>Longer text is cut in a table cell (the full text is in the cell's title and in the CSV).</summary>
    public const int CellTextLimit = 240;

    /// <summary>The same for the columns that wrap (reasons, messages, evidence).</summary>
    public const int WideCellTextLimit = 2000;

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A value as a table cell shows it; <paramref name="column"/> picks percent and day formats.</summary>
    public static string Display(object? value, string column = "") => value switch
    {
        null => "",
        string text => text,
        bool boolean => boolean ? "yes" : "no",
        DateTime time when IsDayColumn(column) && time.TimeOfDay == TimeSpan.Zero => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double number when column.EndsWith("_pct", StringComparison.Ordinal) => number.ToString("0.0", CultureInfo.InvariantCulture) + "%",
        double number => Number(number),
        float number => Number(number),
        decimal number => Number((double)number),
        IFormattable integer when IsInteger(value) => integer.ToString("#,##0", CultureInfo.InvariantCulture),
        IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A number with thousands separators and at most two decimals; NaN and infinities as such.</summary>
    public static string Number(double number) =>
        double.IsFinite(number) ? number.ToString("#,##0.##", CultureInfo.InvariantCulture) : number.ToString(CultureInfo.InvariantCulture);

    /// <summary>A value as an attribute or test reads it back: invariant, no separators.</summary>
    public static string Raw(object? value) => value switch
    {
        null => "",
        DateTime time => time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        bool boolean => boolean ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A value for CSV: ISO-8601 times, invariant numbers, <c>true</c>/<c>false</c>.</summary>
    public static string CsvText(object value) => value switch
    {
        string text => text,
        bool boolean => boolean ? "true" : "false",
        DateTime time => time.ToString(time.Kind == DateTimeKind.Utc ? "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A CSS-class and test-id friendly form of a value: <c>priority first sync</c> is <c>priority-first-sync</c>.</summary>
    public static string Slug(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "none";
        }

        var chars = text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        return new string(chars).Trim('-');
    }

    /// <summary>A month's label on a chart axis.</summary>
    public static string Month(object? value) => value switch
    {
        DateTime time => time.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => Display(value),
    };

    /// <summary>A day's (or a shorter bucket's) label on a chart axis.</summary>
    public static string Bucket(object? value) => value switch
    {
        DateTime time when time.TimeOfDay == TimeSpan.Zero => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time when time.Second == 0 && time.Millisecond == 0 => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Display(value),
    };

    /// <summary>A number for a chart (null stays a gap).</summary>
    public static double? ChartNumber(object? value) => value switch
    {
        null => null,
        double d => double.IsFinite(d) ? d : null,
        Int128 i => (double)i,
        UInt128 u => (double)u,
        System.Numerics.BigInteger b => (double)b,
        IConvertible convertible when IsNumber(value) => convertible.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>Whether a warehouse value is a number (integers of any width, decimals, floats).</summary>
    public static bool IsNumber(object? value) =>
        value is double or float or decimal || (value is not null && IsInteger(value));

    private static bool IsDayColumn(string column) =>
        column.EndsWith("_day", StringComparison.Ordinal) || column.EndsWith("_month", StringComparison.Ordinal) || column.EndsWith("_date", StringComparison.Ordinal)
        || column is "day" or "month" or "date";

    private static bool IsInteger(object value) =>
        value is long or int or short or byte or sbyte or ulong or uint or ushort or System.Numerics.BigInteger or Int128 or UInt128;
}
