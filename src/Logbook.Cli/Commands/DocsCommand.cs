using System.CommandLine;
using Logbook.Hosting;

namespace Logbook.Cli.Commands;

/// <summary><c>logbook docs generate</c>: a static HTML page with the models, their columns and the lineage graph.</summary>
internal static class DocsCommand
{
    public static Command Create(CliContext context)
    {
        var options = new ModelOptions();
        var generate = new Command("generate", "Write target/manifest.json, target/catalog.json and target/index.html");
        options.Warehouse.AddTo(generate);
        generate.Options.Add(options.Vars);
        generate.SetAction(parse =>
        {
            var host = LogbookHost.Load(options.Warehouse.Read(parse), context.Environment);
            var engine = new ModelEngine(host, context.Environment);
            var path = engine.GenerateDocs(engine.Parse(parse.GetValue(options.Vars)));
            context.Out.WriteLine($"Documentation written to {engine.Target.Display(path)} (open it in a browser; it needs no server).");
            return ExitCodes.Success;
        });
        var docs = new Command("docs", "Project documentation");
        docs.Subcommands.Add(generate);
        return docs;
    }
}
