using System.Text;

namespace Logbook.Server.Web;

/// <summary>
/// A table as RFC 4180 CSV: a header line, CRLF line ends, fields quoted when they hold a comma, quote or line break
/// (quotes doubled); NULL is an empty field, an empty string is <c>""</c>. Times are ISO 8601. A text value a
/// spreadsheet would run as a formula (=, +, -, @ first) gets a leading <c>'</c>, as the access review's CSV does:
/// names, messages and emails come from outside.
/// </summary>
internal static class DashboardCsv
{
    private const string LineEnd = "\r\n";

    public static string Write(TableData data)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', data.Columns.Select(c => Quote(c, always: false)))).Append(LineEnd);
        foreach (var row in data.Rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    csv.Append(',');
                }

                if (row[i] is { } value)
                {
                    var text = Html.CsvText(value);
                    if (value is string && text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
                    {
                        text = "'" + text;
                    }

                    csv.Append(Quote(text, always: text.Length == 0));
                }
            }

            csv.Append(LineEnd);
        }

        return csv.ToString();
    }

    private static string Quote(string text, bool always) =>
        !always && text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : string.Concat("\"", text.Replace("\"", "\"\"", StringComparison.Ordinal), "\"");
}
