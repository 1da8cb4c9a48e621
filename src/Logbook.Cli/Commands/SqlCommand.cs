using System.CommandLine;
using Logbook.Cli.Output;
using Logbook.Hosting;

namespace Logbook.Cli.Commands;

/// <summary><c>logbook sql "&lt;query&gt;"</c>: runs SQL on the warehouse and prints the last result set.</summary>
internal static class SqlCommand
{
    public static Command Create(CliContext context)
    {
        var query = new Argument<string>("query") { Description = "The SQL to run (several statements allowed; the last result set is shown)" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format",
            DefaultValueFactory = _ => ResultPrinter.Table,
        };
        format.AcceptOnlyFromAmong(ResultPrinter.Formats);
        var warehouse = new WarehouseOptions();

        var command = new Command("sql", "Run SQL on the warehouse and print the result");
        command.Arguments.Add(query);
        command.Options.Add(format);
        warehouse.AddTo(command);
        command.SetAction(parse =>
        {
            var host = LogbookHost.Load(warehouse.Read(parse), context.Environment);
            var result = host.RunSql(parse.GetRequiredValue(query));
            ResultPrinter.Print(result, parse.GetRequiredValue(format), context.Out);
            return ExitCodes.Success;
        });
        return command;
    }
}
