using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Logbook.Hosting;
using Logbook.Transform.Execution;
using Logbook.Transform.Project;

namespace Logbook.Cli.Commands;

/// <summary><c>logbook ls</c>: the nodes a selection picks, without running anything (dbt's <c>ls</c>).</summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var options = new ModelOptions();
        var resourceType = new Option<string>("--resource-type") { Description = "Which nodes to list", DefaultValueFactory = _ => "all" };
        resourceType.AcceptOnlyFromAmong("all", "model", "test", "source");
        var output = new Option<string>("--output", "-o") { Description = "selector: project.path.name; name; path: the file; json: one object per line", DefaultValueFactory = _ => "selector" };
        output.AcceptOnlyFromAmong("selector", "name", "path", "json");
        var command = new Command("ls", "List the project's nodes that a selection picks");
        options.AddTo(command, execution: false);
        command.Options.Add(resourceType);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var host = LogbookHost.Load(options.Warehouse.Read(parse), context.Environment);
            var manifest = new ModelEngine(host, context.Environment).Parse(parse.GetValue(options.Vars));
            var run = options.Read(parse, RunCommand.Compile);
            var type = parse.GetRequiredValue(resourceType);
            var format = parse.GetRequiredValue(output);
            foreach (var id in RunPlan.Create(manifest, RunCommand.Compile, run.Select, run.Exclude).Nodes.Order(StringComparer.Ordinal))
            {
                if (manifest.ModelById(id) is { } model && type is "all" or "model")
                {
                    context.Out.WriteLine(Format(format, model.UniqueId, model.Name, "model", model.OriginalFilePath, $"{manifest.ProjectName}.{model.Path[..^4].Replace('/', '.')}", model.Config.Tags));
                }
                else if (manifest.TestById(id) is { } test && type is "all" or "test")
                {
                    context.Out.WriteLine(Format(format, test.UniqueId, test.Name, "test", test.OriginalFilePath, $"{manifest.ProjectName}.{test.Name}", test.Tags));
                }
            }

            if (type is "all" or "source" && run.Select is null)
            {
                foreach (var source in manifest.Sources.Values.OrderBy(s => s.UniqueId, StringComparer.Ordinal))
                {
                    context.Out.WriteLine(Format(format, source.UniqueId, $"{source.SourceName}.{source.Name}", "source", source.DefinedAt, $"source:{manifest.ProjectName}.{source.SourceName}.{source.Name}", []));
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Format(string format, string uniqueId, string name, string type, string path, string selector, IReadOnlyList<string> tags) => format switch
    {
        "name" => name,
        "path" => path,
        "json" => new JsonObject
        {
            ["unique_id"] = uniqueId,
            ["name"] = name,
            ["resource_type"] = type,
            ["original_file_path"] = path,
            ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode?)t)]),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = false }),
        _ => selector,
    };
}
