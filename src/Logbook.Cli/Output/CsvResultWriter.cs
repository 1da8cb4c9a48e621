using Logbook.Core.Querying;

namespace Logbook.Cli.Output;

/// <summary>RFC 4180 CSV: a header line, CRLF line ends, quotes where needed; NULL is an empty field and an empty string is <c>""</c>.</summary>
internal static class CsvResultWriter
{
    private const string LineEnd = "\r\n";

    public static void Write(SqlResult result, TextWriter output)
    {
        output.Write(string.Join(',', result.Columns.Select(column => Quote(column.Name, always: false))));
        output.Write(LineEnd);
        foreach (var row in result.Rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    output.Write(',');
                }

                if (row[i] is { } value)
                {
                    var text = ValueText.Format(value);
                    output.Write(Quote(text, always: text.Length == 0));
                }
            }

            output.Write(LineEnd);
        }
    }

    private static string Quote(string text, bool always)
    {
        if (!always && text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return text;
        }

        return string.Concat("\"", text.Replace("\"", "\"\"", StringComparison.Ordinal), "\"");
    }
}
