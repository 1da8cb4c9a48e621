using System.CommandLine;
using Logbook.Cli.Output;
using Logbook.Hosting;

namespace Logbook.Cli.Commands;

/// <summary><c>logbook demo</c>: the shipped Fivetran analytics on generated data, end to end, with a health report.</summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var directory = new Option<string>("--dir") { Description = "Folder for the demo project and its warehouse", DefaultValueFactory = _ => "logbook-demo" };
        var connections = new Option<int>("--connections") { Description = "Connections to generate", DefaultValueFactory = _ => 40 };
        var days = new Option<int>("--days") { Description = "Days of history to generate", DefaultValueFactory = _ => 30 };
        var seed = new Option<long>("--seed") { Description = "Seed of the generated data", DefaultValueFactory = _ => 42 };
        var command = new Command("demo", "Generate a Fivetran platform log, build the shipped analytics on it and print a health report")
        {
            directory, connections, days, seed,
        };
        command.SetAction(parse =>
        {
            var options = new FivetranDemoOptions { Directory = parse.GetValue(directory)!, Connections = parse.GetValue(connections), Days = parse.GetValue(days), Seed = parse.GetValue(seed) };
            var reporter = new ConsoleRunReporter(context.Out, context.Error, LogbookHost.ProductVersion, "default", context.Interactive);
            using var signals = new SignalCancellation();
            var report = FivetranDemo.Run(options, context.Environment, reporter, line => context.Out.WriteLine(line), signals.Token);
            if (!report.Build.Succeeded)
            {
                context.Error.WriteLine($"error: the demo build failed; see the lines above and {Path.Combine(report.ProjectDirectory, "target", "run_results.json")}");
                return ExitCodes.RuntimeError;
            }

            DemoReportWriter.Write(context.Out, report);
            return ExitCodes.Success;
        });
        return command;
    }
}
