using Logbook.Core.Querying;

namespace Logbook.Cli.Output;

/// <summary>The <c>--format</c> values of <c>logbook sql</c>.</summary>
internal static class ResultPrinter
{
    public const string Table = "table";
    public const string Csv = "csv";
    public const string Json = "json";

    public static readonly string[] Formats = [Table, Csv, Json];

    /// <summary>Prints the result set, or <c>OK</c> (with the rows changed) when the SQL returned none.</summary>
    public static void Print(SqlResult result, string format, TextWriter output)
    {
        if (!result.HasResultSet)
        {
            output.WriteLine(result.RecordsAffected switch
            {
                < 0 => "OK",
                1 => "OK, 1 row affected",
                var n => $"OK, {n} rows affected",
            });
            return;
        }

        switch (format)
        {
            case Csv:
                CsvResultWriter.Write(result, output);
                break;
            case Json:
                JsonResultWriter.Write(result, output);
                break;
            default:
                TableResultWriter.Write(result, output);
                break;
        }
    }
}
