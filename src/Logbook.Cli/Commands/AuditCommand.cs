using System.CommandLine;
using Logbook.Cli.Output;
using Logbook.Hosting;

namespace Logbook.Cli.Commands;

/// <summary><c>logbook audit [--last N] [--failed]</c>: recent runs from the run audit log.</summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context)
    {
        var last = new Option<int>("--last", "-n") { Description = "How many runs to show (newest first)", DefaultValueFactory = _ => 20 };
        last.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--last must be at least 1");
            }
        });
        var failed = new Option<bool>("--failed") { Description = "Only failed and abandoned runs" };
        var schema = new Option<string>("--audit-schema") { Description = "The audit schema", DefaultValueFactory = _ => "logbook_audit" };
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => ResultPrinter.Table };
        format.AcceptOnlyFromAmong(ResultPrinter.Formats);
        var warehouse = new WarehouseOptions();

        var command = new Command("audit", "Show recent runs from the run audit log");
        command.Options.Add(last);
        command.Options.Add(failed);
        command.Options.Add(schema);
        command.Options.Add(format);
        warehouse.AddTo(command);
        command.SetAction(parse =>
        {
            var host = LogbookHost.Load(warehouse.Read(parse), context.Environment);
            var auditSchema = parse.GetRequiredValue(schema);
            var result = host.RecentRuns(auditSchema, parse.GetValue(last), parse.GetValue(failed));
            if (result is null)
            {
                context.Out.WriteLine($"No runs recorded yet ({auditSchema}.audit_summary does not exist in {host.Warehouse.Description}).");
                return ExitCodes.Success;
            }

            ResultPrinter.Print(result, parse.GetRequiredValue(format), context.Out);
            return ExitCodes.Success;
        });
        return command;
    }
}
