using System.CommandLine;
using Logbook.Transform.Execution;

namespace Logbook.Cli.Commands;

/// <summary>The options of the model commands (compile, run, test, build, ls), named as in dbt.</summary>
internal sealed class ModelOptions
{
    public WarehouseOptions Warehouse { get; } = new();

    public Option<string[]> Select { get; } = new("--select", "-s")
    {
        Description = "Nodes to include: name, tag:x, path:dir, +name, name+, 2+name; space = union, comma = intersection",
        HelpName = "selector",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> Exclude { get; } = new("--exclude")
    {
        Description = "Nodes to leave out (same syntax as --select)",
        HelpName = "selector",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> Vars { get; } = new("--vars")
    {
        Description = "Variables overriding logbook.yml's vars, as YAML or JSON: '{start_date: 2026-01-01}'",
        HelpName = "yaml",
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "How many nodes run at once",
        DefaultValueFactory = _ => 4,
    };

    public Option<bool> FullRefresh { get; } = new("--full-refresh")
    {
        Description = "Rebuild incremental models from scratch",
    };

    public Option<bool> FailFast { get; } = new("--fail-fast", "-x")
    {
        Description = "Stop at the first failure; what has not run is skipped",
    };

    public void AddTo(Command command, bool execution)
    {
        Warehouse.AddTo(command);
        command.Options.Add(Select);
        command.Options.Add(Exclude);
        command.Options.Add(Vars);
        if (execution)
        {
            Threads.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                {
                    result.AddError("--threads must be at least 1");
                }
            });
            command.Options.Add(Threads);
            command.Options.Add(FullRefresh);
            command.Options.Add(FailFast);
        }
    }

    public RunOptions Read(ParseResult parse, RunCommand command) => new()
    {
        Command = command,
        Select = Join(parse.GetValue(Select)),
        Exclude = Join(parse.GetValue(Exclude)),
        Threads = parse.GetValue(Threads),
        FullRefresh = parse.GetValue(FullRefresh),
        FailFast = parse.GetValue(FailFast),
    };

    /// <summary>Several values (<c>-s a b</c> or <c>-s a -s b</c>) are a union, as one space-separated selector.</summary>
    private static string? Join(string[]? values) => values is { Length: > 0 } ? string.Join(' ', values) : null;
}
