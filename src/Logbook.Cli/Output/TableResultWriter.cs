using Logbook.Core.Querying;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Logbook.Cli.Output;

/// <summary>A Spectre.Console table: numbers right-aligned, NULL as a dim <c>NULL</c>, then a <c>(n rows)</c> line.</summary>
internal static class TableResultWriter
{
    public static void Write(SqlResult result, TextWriter output)
    {
        var console = ConsoleFor(output);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in result.Columns)
        {
            var header = new TableColumn(new Text(column.Name, new Style(decoration: Decoration.Bold)));
            table.AddColumn(column.Kind == ColumnKind.Number ? header.RightAligned() : header);
        }

        var nullCell = new Text("NULL", new Style(decoration: Decoration.Dim));
        foreach (var row in result.Rows)
        {
            var cells = new IRenderable[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                cells[i] = row[i] is { } value ? new Text(ValueText.Format(value)) : nullCell;
            }

            table.AddRow(cells);
        }

        console.Write(table);
        console.WriteLine(result.Rows.Count == 1 ? "(1 row)" : $"({result.Rows.Count} rows)");
    }

    /// <summary>A console over <paramref name="output"/>: colours only on a real terminal, and no wrapping when redirected.</summary>
    private static IAnsiConsole ConsoleFor(TextWriter output)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 4096;
        }

        return console;
    }
}
