using Logbook.Audit;
using Logbook.Core.Configuration;
using Logbook.Core.Replication;
using Logbook.Core.Warehouses;
using Logbook.Replication;
using Logbook.Warehouse.Postgres.Replication;

namespace Logbook.Hosting;

/// <summary>
/// Audit-log replication on a host's warehouse (docs/replication.md): the streams from <c>replication.yml</c> or
/// the seed's shipped three, the source from a profile output or <c>DATABASE_URL</c>, the destination from the
/// usual target or <c>AI_AUDIT_WAREHOUSE_DESTINATION</c>. Each stream's run is one job of the run audit log.
/// </summary>
public static class ReplicationJob
{
    public const string SourceUrlVariable = "DATABASE_URL";
    public const string DestinationVariable = "AI_AUDIT_WAREHOUSE_DESTINATION";

    /// <summary>
    /// The host options with the destination the environment names, when the command line names none:
    /// <c>duckdb</c> or <c>postgres</c> (the profile's default target, which must be of that type) or the name of a
    /// profile output. BigQuery and Snowflake are refused with the supported choices.
    /// </summary>
    public static (HostOptions Options, WarehouseKind? RequiredKind) Destination(HostOptions options, Func<string, string?> variable)
    {
        if (options.TargetName is not null || options.WarehousePath is not null || variable(DestinationVariable) is not { Length: > 0 } value)
        {
            return (options, null);
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "duckdb" => (options, WarehouseKind.DuckDb),
            "postgres" or "postgresql" => (options, WarehouseKind.Postgres),
            "bigquery" or "snowflake" => throw new LogbookConfigurationException(
                $"{DestinationVariable}={value}: Logbook writes to DuckDB or PostgreSQL; set it to duckdb, postgres or the name of a profile output"),
            _ => (options with { TargetName = value.Trim() }, null),
        };
    }

    /// <summary>The streams and the source, for a host's project. The caller disposes the source.</summary>
    public static (ReplicationSettings Settings, IReplicationSource Source) Load(LogbookHost host, string? profilesDirectory, string? sourceTarget, ConfigurationEnvironment environment, WarehouseKind? requiredKind = null)
    {
        if (requiredKind is { } kind && host.Target.Type != kind)
        {
            throw new LogbookConfigurationException(
                $"{DestinationVariable} asks for {kind.ToConfigName()}, but the target '{host.Target.Name}' is {host.Target.Type.ToConfigName()}");
        }

        var (settings, configuredSource, _) = ReplicationConfigFile.Load(host.Project.Directory, environment.GetVariable);
        var sourceName = sourceTarget ?? configuredSource;
        IReplicationSource source;
        if (sourceName is not null)
        {
            var target = ConfigurationLoader.ResolveTarget(host.Project, profilesDirectory, sourceName, environment).Target;
            if (target.Type != WarehouseKind.Postgres)
            {
                throw new LogbookConfigurationException($"the replication source '{sourceName}' is a {target.Type.ToConfigName()} output; sources are PostgreSQL", target.Source);
            }

            source = PostgresReplicationSource.FromTarget(target);
        }
        else if (environment.GetVariable(SourceUrlVariable) is { Length: > 0 } url)
        {
            source = PostgresReplicationSource.FromUrl(url, SourceUrlVariable);
        }
        else
        {
            throw new LogbookConfigurationException(
                $"no replication source: set {SourceUrlVariable} (postgres://user:password@host:5432/db), pass --source-target, or name 'source_target' in {ReplicationConfigFile.FileName}");
        }

        return (settings, source);
    }

    /// <summary>Runs the request's streams; audit problems arrive as warnings.</summary>
    public static IReadOnlyList<StreamSyncResult> Run(LogbookHost host, ReplicationSettings settings, IReplicationSource source, SyncRequest request, Action<string> warn, CancellationToken cancellationToken)
    {
        using var audit = AuditLog.Open(host.Warehouse, host.AuditOptions(), warn);
        audit.MarkAbandoned();
        return new Replicator(host.Warehouse, source, settings, audit).Run(request, cancellationToken);
    }
}
