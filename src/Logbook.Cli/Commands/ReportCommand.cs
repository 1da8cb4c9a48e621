using System.CommandLine;
using System.Globalization;
using Logbook.Hosting;

namespace Logbook.Cli.Commands;

/// <summary><c>logbook report access-review [--format html|csv] [--out file] [--since date]</c>: the auditor's access review.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var format = new Option<string>("--format", "-f") { Description = "html (one self-contained page) or csv (one row per grant)", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong("html", "csv");
        var output = new Option<string?>("--out", "-o") { Description = "Write the report to this file instead of the standard output", HelpName = "file" };
        var since = new Option<string?>("--since")
        {
            Description = "Start of the period whose access changes are listed (yyyy-MM-dd, UTC); default: 90 days ago",
            HelpName = "date",
        };
        var until = new Option<string?>("--until")
        {
            Description = "End of that period, exclusive (yyyy-MM-dd, UTC); default: now",
            HelpName = "date",
        };
        var schema = new Option<string>("--schema") { Description = "The connector's schema", DefaultValueFactory = _ => "soc2" };
        var warehouse = new WarehouseOptions();
        var accessReview = new Command("access-review", "Every user with their grants, privileged access, stale and inactive users with access, and access changes in a period")
        {
            format, output, since, until, schema,
        };
        warehouse.AddTo(accessReview);
        accessReview.SetAction(parse =>
        {
            var from = Date(parse.GetValue(since), "--since") ?? DateTime.UtcNow.Date.AddDays(-90);
            var to = Date(parse.GetValue(until), "--until");
            if (to <= from)
            {
                throw new Core.Configuration.LogbookConfigurationException("--until must be after --since");
            }

            var host = LogbookHost.Load(warehouse.Read(parse), context.Environment);
            var report = Soc2Job.Report(host, parse.GetRequiredValue(schema), from, to);
            var body = parse.GetRequiredValue(format) == "csv" ? report.ToCsv() : report.ToHtml();
            if (parse.GetValue(output) is { } path)
            {
                var file = context.Environment.ResolvePath(path);
                var temporary = file + ".tmp";
                File.WriteAllText(temporary, body);
                File.Move(temporary, file, overwrite: true);
                context.Out.WriteLine($"Wrote the access review of {report.AccountName} ({report.Grants.Count} grants, {report.Changes.Count} changes since {from:yyyy-MM-dd}) to {file}");
            }
            else
            {
                context.Out.Write(body);
            }

            return ExitCodes.Success;
        });
        return new Command("report", "Reports for auditors") { accessReview };
    }

    private static DateTime? Date(string? text, string option) => text is null
        ? null
        : DateTime.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw new Core.Configuration.LogbookConfigurationException($"{option} must be a date like 2026-01-31, not '{text}'");
}
