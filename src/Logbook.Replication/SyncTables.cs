using System.Data.Common;
using Logbook.Core.Querying;
using Logbook.Core.Replication;
using Logbook.Core.Warehouses;

namespace Logbook.Replication;

/// <summary>
/// The state and history tables, next to the data in the target schema:
/// <list type="bullet">
/// <item><c>analytics_sync_state</c>: the seed's <c>(stream, last_created_at)</c> and the cursor's other half, <c>last_id</c>; the mark.</item>
/// <item><c>ai_audit_sync_state</c>: the seed's <c>last_synced_at</c>, <c>source_max_created_at</c>, <c>rows_synced</c> (last run) per stream, and totals.</item>
/// <item><c>analytics_sync_runs</c>: one row per run of a stream, what health, metrics and alerts are computed from.</item>
/// </list>
/// </summary>
internal sealed class SyncTables(string schema, WarehouseKind kind)
{
    public const string StateTable = "analytics_sync_state";
    public const string HealthTable = "ai_audit_sync_state";
    public const string RunsTable = "analytics_sync_runs";

    public string Schema { get; } = schema;

    public string State => SqlIdentifier.Qualified(Schema, StateTable);

    public string Health => SqlIdentifier.Qualified(Schema, HealthTable);

    public string Runs => SqlIdentifier.Qualified(Schema, RunsTable);

    private string Text => kind == WarehouseKind.Postgres ? "text" : "VARCHAR";

    private string Double => kind == WarehouseKind.Postgres ? "double precision" : "DOUBLE";

    public void Create(DbConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        DbCommands.Execute(connection, transaction, $"create schema if not exists {SqlIdentifier.Quote(Schema)}");
        DbCommands.Execute(connection, transaction, $"""
            create table if not exists {State} (
                stream {Text} primary key,
                last_created_at timestamptz,
                last_id {Text},
                cursor_column {Text},
                updated_at timestamptz)
            """);
        DbCommands.Execute(connection, transaction, $"""
            create table if not exists {Health} (
                stream {Text} primary key,
                last_synced_at timestamptz,
                source_max_created_at timestamptz,
                rows_synced bigint,
                rows_synced_total bigint,
                latency_seconds {Double},
                last_status {Text},
                last_run_id {Text})
            """);
        DbCommands.Execute(connection, transaction, $"""
            create table if not exists {Runs} (
                run_id {Text} primary key,
                invocation_id {Text},
                stream {Text} not null,
                mode {Text} not null,
                started_at timestamptz not null,
                ended_at timestamptz,
                status {Text} not null,
                rows_synced bigint,
                batches bigint,
                latency_seconds {Double},
                error {Text},
                read_from timestamptz,
                read_upper_bound timestamptz,
                mark_created_at timestamptz,
                mark_id {Text})
            """);
        transaction.Commit();
    }

    /// <summary>The stream's mark, or null before its first committed batch.</summary>
    public CursorPosition? ReadMark(DbConnection connection, DbTransaction? transaction, string stream)
    {
        var rows = DbCommands.Rows(connection, transaction, $"select last_created_at, last_id from {State} where stream = $1", stream);
        return rows.Count == 0 || rows[0][0] is not DateTime at ? null : new CursorPosition(DateTime.SpecifyKind(at, DateTimeKind.Utc), rows[0][1] as string);
    }

    /// <summary>Moves the mark (inside the batch's transaction); creates the row on first use.</summary>
    public void WriteMark(DbConnection connection, DbTransaction transaction, ReplicationStream stream, CursorPosition mark, DateTime now)
    {
        if (DbCommands.Execute(connection, transaction, $"update {State} set last_created_at = $1, last_id = $2, cursor_column = $3, updated_at = $4 where stream = $5", mark.Timestamp, mark.Key, stream.CursorColumn, now, stream.Name) == 0)
        {
            DbCommands.Execute(connection, transaction, $"insert into {State} (stream, last_created_at, last_id, cursor_column, updated_at) values ($1, $2, $3, $4, $5)", stream.Name, mark.Timestamp, mark.Key, stream.CursorColumn, now);
        }
    }

    /// <summary>Clears the mark (a full reload that found no rows).</summary>
    public void ClearMark(DbConnection connection, DbTransaction transaction, string stream) =>
        DbCommands.Execute(connection, transaction, $"delete from {State} where stream = $1", stream);

    /// <summary>Counts rows a committed batch brought, and when (inside the batch's transaction).</summary>
    public void AddRows(DbConnection connection, DbTransaction transaction, string stream, string runId, long rows, DateTime now)
    {
        if (DbCommands.Execute(connection, transaction, $"update {Health} set last_synced_at = $1, rows_synced = coalesce(case when last_run_id = $2 then rows_synced end, 0) + $3, rows_synced_total = coalesce(rows_synced_total, 0) + $3, last_run_id = $2 where stream = $4", now, runId, rows, stream) == 0)
        {
            DbCommands.Execute(connection, transaction, $"insert into {Health} (stream, last_synced_at, rows_synced, rows_synced_total, last_run_id) values ($1, $2, $3, $3, $4)", stream, now, rows, runId);
        }
    }

    /// <summary>The end of a successful run: freshness, the source's newest row, the latency.</summary>
    public void Finish(DbConnection connection, string stream, string runId, long rows, DateTime now, DateTime? sourceMax, double latency)
    {
        using var transaction = connection.BeginTransaction();
        if (DbCommands.Execute(connection, transaction, $"update {Health} set last_synced_at = $1, source_max_created_at = $2, rows_synced = $3, latency_seconds = $4, last_status = 'success', last_run_id = $5 where stream = $6", now, sourceMax, rows, latency, runId, stream) == 0)
        {
            DbCommands.Execute(connection, transaction, $"insert into {Health} (stream, last_synced_at, source_max_created_at, rows_synced, rows_synced_total, latency_seconds, last_status, last_run_id) values ($1, $2, $3, $4, $4, $5, 'success', $6)", stream, now, sourceMax, rows, latency, runId);
        }

        transaction.Commit();
    }

    /// <summary>Records that a run started, after marking runs of the stream that died mid-way (the caller holds the stream's lock).</summary>
    public void Start(DbConnection connection, string runId, string? invocationId, string stream, string mode, DateTime startedAt)
    {
        using var transaction = connection.BeginTransaction();
        DbCommands.Execute(connection, transaction, $"update {Runs} set status = 'abandoned', ended_at = $1, error = 'the process ended before the run did' where stream = $2 and status = 'running'", startedAt, stream);
        DbCommands.Execute(connection, transaction, $"insert into {Runs} (run_id, invocation_id, stream, mode, started_at, status, rows_synced, batches) values ($1, $2, $3, $4, $5, 'running', 0, 0)", runId, invocationId, stream, mode, startedAt);
        transaction.Commit();
    }

    /// <summary>Progress of a run, inside a batch's transaction, so the history agrees with the data after a kill.</summary>
    public void Progress(DbConnection connection, DbTransaction transaction, string runId, long rows, long batches) =>
        DbCommands.Execute(connection, transaction, $"update {Runs} set rows_synced = $1, batches = $2 where run_id = $3", rows, batches, runId);

    public void End(DbConnection connection, string runId, string status, DateTime endedAt, long rows, long batches, double? latency, string? error, DateTime? readFrom, DateTime? upper, CursorPosition? mark)
    {
        DbCommands.Execute(
            connection,
            null,
            $"update {Runs} set status = $1, ended_at = $2, rows_synced = $3, batches = $4, latency_seconds = $5, error = $6, read_from = $7, read_upper_bound = $8, mark_created_at = $9, mark_id = $10 where run_id = $11",
            status, endedAt, rows, batches, latency, error, readFrom, upper, mark?.Timestamp, mark?.Key, runId);
        if (status != "success")
        {
            DbCommands.Execute(connection, null, $"update {Health} set last_status = $1 where stream = (select stream from {Runs} where run_id = $2)", status, runId);
        }
    }
}
