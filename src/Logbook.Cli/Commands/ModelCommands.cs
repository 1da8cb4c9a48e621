using System.CommandLine;
using Logbook.Cli.Output;
using Logbook.Hosting;
using Logbook.Transform.Execution;

namespace Logbook.Cli.Commands;

/// <summary><c>logbook compile | run | test | build</c>: the model engine's invocations.</summary>
internal static class ModelCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Create(context, "compile", "Render every selected model and test to SQL in target/compiled (nothing runs)", RunCommand.Compile);
        yield return Create(context, "run", "Build the selected models in the warehouse, in dependency order", RunCommand.Run);
        yield return Create(context, "test", "Run the selected tests", RunCommand.Test);
        yield return Create(context, "build", "Build models and run their tests in DAG order; a failure skips everything downstream", RunCommand.Build);
    }

    private static Command Create(CliContext context, string name, string description, RunCommand kind)
    {
        var options = new ModelOptions();
        var command = new Command(name, description);
        options.AddTo(command, execution: kind != RunCommand.Compile);
        command.SetAction(parse =>
        {
            var host = LogbookHost.Load(options.Warehouse.Read(parse), context.Environment);
            var engine = new ModelEngine(host, context.Environment);
            var manifest = engine.Parse(parse.GetValue(options.Vars));
            var reporter = new ConsoleRunReporter(context.Out, context.Error, LogbookHost.ProductVersion, host.Target.Name, context.Interactive);
            reporter.ProjectParsed(manifest.Models.Count, manifest.Tests.Count, manifest.Sources.Count);

            // Ctrl-C and SIGTERM stop the run gracefully: running queries are interrupted and run_results.json is written.
            using var cancellation = new SignalCancellation();
            var results = engine.Run(manifest, options.Read(parse, kind), reporter, cancellation.Token);
            return results.Succeeded ? ExitCodes.Success : ExitCodes.RuntimeError;
        });
        return command;
    }
}
