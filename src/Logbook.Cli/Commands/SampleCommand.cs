using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Logbook.Hosting;
using Logbook.Samples.FivetranLog;

namespace Logbook.Cli.Commands;

/// <summary><c>logbook sample fivetran-log</c>: writes a realistic Fivetran Platform Connector dataset (docs/sample-data.md).</summary>
internal static class SampleCommand
{
    public static Command Create(CliContext context)
    {
        var defaults = new FivetranLogOptions();
        var seed = new Option<long>("--seed") { Description = "The seed every id, time and value derives from", DefaultValueFactory = _ => defaults.Seed, HelpName = "n" };
        var connections = Bounded("--connections", "How many connections (about 1,100 log rows each a day)", defaults.Connections, FivetranLogOptions.MaxConnections);
        var days = Bounded("--days", "Days of history before --until", defaults.Days, FivetranLogOptions.MaxDays);
        var until = new Option<DateOnly?>("--until")
        {
            Description = "The end of the data (exclusive, at midnight UTC), as YYYY-MM-DD; default: today",
            HelpName = "date",
            CustomParser = ParseDate,
        };
        var schema = new Option<string>("--schema") { Description = "The schema to write", DefaultValueFactory = _ => defaults.Schema, HelpName = "name" };
        var legacy = new Option<bool>("--legacy-connector-table") { Description = "Write the deprecated 'connector' table instead of 'connection'" };
        var optional = new Option<bool>("--optional-tables") { Description = "Also write connector_sdk_log and audit_trail" };
        var clean = new Option<bool>("--no-dirt") { Description = "Leave out the deliberate dirt (duplicates, legacy spellings, bad JSON)" };
        var warehouse = new WarehouseOptions();

        var fivetranLog = new Command("fivetran-log", "Write a realistic fivetran_log dataset (Fivetran Platform Connector) into the warehouse, replacing a previous one");
        foreach (var option in new Option[] { seed, connections, days, until, schema, legacy, optional, clean })
        {
            fivetranLog.Options.Add(option);
        }

        warehouse.AddTo(fivetranLog);
        fivetranLog.SetAction(parse =>
        {
            var options = new FivetranLogOptions
            {
                Seed = parse.GetValue(seed),
                Connections = parse.GetValue(connections),
                Days = parse.GetValue(days),
                Until = parse.GetValue(until),
                Schema = parse.GetRequiredValue(schema),
                LegacyConnectorTable = parse.GetValue(legacy),
                IncludeOptionalTables = parse.GetValue(optional),
                Dirt = !parse.GetValue(clean),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.UsageError;
            }

            var host = LogbookHost.Load(warehouse.Read(parse), context.Environment);
            using var cancellation = new SignalCancellation();
            var result = host.GenerateFivetranLog(options, cancellation.Token);
            Print(context.Out, result, host.Warehouse.Description);
            return ExitCodes.Success;
        });

        var sample = new Command("sample", "Write sample datasets into the warehouse");
        sample.Subcommands.Add(fivetranLog);
        return sample;
    }

    private static void Print(TextWriter output, FivetranLogResult result, string warehouse)
    {
        var width = result.Tables.Max(t => t.Table.Length);
        foreach (var table in result.Tables)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(result.Schema + "." + table.Table).PadRight(result.Schema.Length + 1 + width)}  {table.Rows,12:N0} rows"));
        }

        var seconds = result.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? result.TotalRows / seconds : 0;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {result.TotalRows:N0} rows ({result.Start:yyyy-MM-dd} to {result.End:yyyy-MM-dd}, exclusive) into {warehouse} in {seconds:0.0} s ({rate:N0} rows/s)."));
    }

    private static Option<int> Bounded(string name, string description, int defaultValue, int max)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "n" };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < 1 || value > max)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be between 1 and {max:N0}, not {value}"));
            }
        });
        return option;
    }

    private static DateOnly? ParseDate(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"--until must be a date as YYYY-MM-DD, not '{text}'");
        return null;
    }
}
