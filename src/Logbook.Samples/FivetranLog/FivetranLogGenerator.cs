using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Logbook.Core.Warehouses;

namespace Logbook.Samples.FivetranLog;

/// <summary>Rows written to one table.</summary>
public sealed record SampleTableResult(string Table, long Rows);

/// <summary>What a run wrote: the schema, the window [Start, End), the rows per table and how long it took.</summary>
public sealed record FivetranLogResult(string Schema, DateTime Start, DateTime End, IReadOnlyList<SampleTableResult> Tables, TimeSpan Elapsed)
{
    public long TotalRows => Tables.Sum(t => t.Rows);
}

/// <summary>
/// Writes a realistic Fivetran Platform Connector dataset (<c>fivetran_log</c>) into a warehouse: see
/// docs/sample-data.md. Everything happens in one transaction: the generator's tables are dropped, created and
/// filled through the warehouse's bulk writer, then committed, so a re-run replaces the data and a failed or
/// killed run leaves the previous dataset as it was. The data depends only on the options.
/// </summary>
public static class FivetranLogGenerator
{
    public static FivetranLogResult Generate(IWarehouse warehouse, FivetranLogOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        options = options with { Until = options.Until ?? DateOnly.FromDateTime(DateTime.UtcNow) };
        var stopwatch = Stopwatch.StartNew();
        var world = WorldBuilder.Build(options);
        var tables = FivetranLogSchema.Written(options);
        var results = new List<SampleTableResult>(tables.Count);
        using var connection = warehouse.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"create schema if not exists {Sql.Quote(options.Schema)}");
        // Views over the old tables (a built project's staging, on PostgreSQL) are kept: dropped with the tables
        // and created again over the new ones before the commit.
        var dependents = new List<DependentView>();
        foreach (var table in FivetranLogSchema.All)
        {
            var views = warehouse.DependentViews(connection, transaction, options.Schema, table.Name).Where(v => !dependents.Contains(v)).ToList();
            dependents.AddRange(views);
            Execute(connection, transaction, $"drop table if exists {Relation(options, table)}{(views.Count > 0 ? " cascade" : string.Empty)}");
        }

        foreach (var table in tables)
        {
            var columns = string.Join(", ", table.Columns.Select(c => $"{Sql.Quote(c.Name)} {c.SqlType}"));
            Execute(connection, transaction, $"create table {Relation(options, table)} ({columns})");
        }

        var writer = new DatasetWriter(options, world);
        var load = new Loader(warehouse, connection, options, results);
        load.Table(FivetranLogSchema.Account, writer.Account);
        load.Table(FivetranLogSchema.Destination, writer.Destinations);
        load.Table(FivetranLogSchema.User, writer.Users);
        load.Table(FivetranLogSchema.DestinationMembership, writer.Memberships);
        load.Table(options.LegacyConnectorTable ? FivetranLogSchema.Connector : FivetranLogSchema.Connection, writer.Connections);
        load.Table(FivetranLogSchema.Log, bulk => writer.Log(bulk, cancellationToken));
        load.Table(FivetranLogSchema.IncrementalMar, writer.IncrementalMar);
        load.Table(FivetranLogSchema.CreditsUsed, writer.CreditsUsed);
        load.Table(FivetranLogSchema.UsageCost, writer.UsageCost);
        load.Table(FivetranLogSchema.TransformationRuns, writer.TransformationRuns);
        if (options.IncludeOptionalTables)
        {
            load.Table(FivetranLogSchema.ConnectorSdkLog, writer.ConnectorSdkLog);
            load.Table(FivetranLogSchema.AuditTrail, writer.AuditTrail);
        }

        cancellationToken.ThrowIfCancellationRequested();
        // A view that no longer fits the new tables (it used a table this run does not write) stays dropped.
        DependentViews.Restore(connection, transaction, dependents);
        transaction.Commit();
        return new FivetranLogResult(options.Schema, options.Start, options.End, results, stopwatch.Elapsed);
    }

    private static string Relation(FivetranLogOptions options, SampleTable table) => $"{Sql.Quote(options.Schema)}.{Sql.Quote(table.Name)}";

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class Loader(IWarehouse warehouse, DbConnection connection, FivetranLogOptions options, List<SampleTableResult> results)
    {
        public void Table(SampleTable table, Action<IBulkWriter> write)
        {
            using var bulk = warehouse.OpenBulkWriter(connection, options.Schema, table.Name);
            write(bulk);
            results.Add(new SampleTableResult(table.Name, bulk.Complete()));
        }
    }
}
