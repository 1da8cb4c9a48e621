using System.Globalization;
using Logbook.Analytics;
using Logbook.Core.Configuration;
using Logbook.Samples.FivetranLog;
using Logbook.Transform.Execution;

namespace Logbook.Hosting;

/// <summary>What <c>logbook demo</c> does.</summary>
public sealed record FivetranDemoOptions
{
    /// <summary>The demo project's folder (created if missing; the shipped files in it are refreshed).</summary>
    public required string Directory { get; init; }

    public int Connections { get; init; } = 40;

    public int Days { get; init; } = 30;

    public long Seed { get; init; } = 42;

    public int Threads { get; init; } = 4;
}

/// <summary>The short health report the demo prints after its build.</summary>
public sealed record FivetranDemoReport(
    string ProjectDirectory,
    string WarehouseDescription,
    FivetranLogResult Sample,
    RunResults Build,
    IReadOnlyList<(string Health, long Connections)> Health,
    IReadOnlyList<(string Connection, string Severity, long Score, string Reasons)> Problems,
    IReadOnlyList<(string Connection, string Type, string Priority, string Evidence)> Recommendations);

/// <summary>
/// <c>logbook demo</c>: lays out the shipped Fivetran analytics project, fills its embedded warehouse with a
/// generated <c>fivetran_log</c> dataset, builds every model with a full refresh (the data is new each time, so a
/// re-run is safe), and reads back a health report.
/// </summary>
public static class FivetranDemo
{
    public static FivetranDemoReport Run(FivetranDemoOptions options, ConfigurationEnvironment environment, IRunReporter reporter, Action<string> progress, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(options.Directory, environment.CurrentDirectory);
        Directory.CreateDirectory(directory);
        ShippedProject.FivetranLog.WriteTo(directory);
        progress($"Project {ShippedProject.FivetranLog.Name} written to {directory}");

        var host = LogbookHost.Load(new HostOptions { ProjectDirectory = directory }, environment);
        var sample = FivetranLogGenerator.Generate(host.Warehouse, new FivetranLogOptions { Seed = options.Seed, Connections = options.Connections, Days = options.Days }, cancellationToken);
        progress(string.Create(CultureInfo.InvariantCulture, $"Generated {sample.TotalRows:N0} rows of fivetran_log ({options.Connections} connections, {options.Days} days) in {sample.Elapsed.TotalSeconds:0.0}s"));

        // "Now" for the models is the end of the generated data, so the health report reads as it would live.
        var engine = new ModelEngine(host, environment);
        var manifest = engine.Parse(string.Create(CultureInfo.InvariantCulture, $"{{fivetran_as_of: '{sample.End:yyyy-MM-dd HH:mm:ss}'}}"));
        var build = engine.Run(manifest, new RunOptions { Command = RunCommand.Build, FullRefresh = true, Threads = options.Threads }, reporter, cancellationToken);
        if (!build.Succeeded)
        {
            return new FivetranDemoReport(directory, host.Warehouse.Description, sample, build, [], [], []);
        }

        var health = host.RunSql("""
            select connection_health, count(*) from fct_fivetran_logs.fct_fivetran_connector_health
            group by 1 order by 2 desc, 1
            """).Rows.Select(r => ((string)r[0]!, Convert.ToInt64(r[1], CultureInfo.InvariantCulture))).ToList();
        var problems = host.RunSql("""
            select coalesce(connection_name, connection_id), severity, severity_score, reasons
            from fct_fivetran_logs.fct_fivetran_problematic_connectors
            order by severity_score desc, connection_id limit 5
            """).Rows.Select(r => ((string)r[0]!, (string)r[1]!, Convert.ToInt64(r[2], CultureInfo.InvariantCulture), (string)r[3]!)).ToList();
        var recommendations = host.RunSql("""
            select coalesce(connection_name, connection_id), recommendation_type, priority, evidence
            from fct_fivetran_logs.fct_fivetran_connector_recommendations
            order by priority_rank, impact_value desc nulls last, connection_id limit 5
            """).Rows.Select(r => ((string)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[3]!)).ToList();
        return new FivetranDemoReport(directory, host.Warehouse.Description, sample, build, health, problems, recommendations);
    }
}
