using System.Data.Common;
using System.Diagnostics;
using Logbook.Core.Querying;
using Logbook.Core.Replication;
using Logbook.Core.Runs;
using Logbook.Core.Warehouses;

namespace Logbook.Replication;

/// <summary>
/// One run of one stream (docs/replication.md):
/// <list type="number">
/// <item>the source table is described and checked (key unique, cursor without NULLs), the target created or widened;</item>
/// <item>the read's upper bound is computed once, on the source, before reading;</item>
/// <item>keyset pages on <c>(cursor, key)</c> are read (the next page while the current one is written), and each
/// page is staged, upserted by key and the mark moved, in one warehouse transaction.</item>
/// </list>
/// A look-back or <c>--since</c> window is re-read first, up to the mark, without moving it. A full reload goes into a
/// copy of the target, swapped in with its mark in one transaction.
/// </summary>
internal sealed class StreamSync
{
    private readonly IWarehouse _warehouse;
    private readonly IReplicationSource _source;
    private readonly ReplicationSettings _settings;
    private readonly ReplicationStream _stream;
    private readonly IJobLog _log;
    private readonly SyncTables _tables;
    private readonly string _jobName;
    private long _rows;
    private long _batches;
    private long _deleted;
    private string _runId = string.Empty;

    public StreamSync(IWarehouse warehouse, IReplicationSource source, ReplicationSettings settings, ReplicationStream stream, IJobLog log)
    {
        _warehouse = warehouse;
        _source = source;
        _settings = settings;
        _stream = stream;
        _log = log;
        _tables = new SyncTables(settings.Schema, warehouse.Kind);
        _jobName = "sync." + stream.Name;
    }

    public StreamSyncResult Run(SyncRequest request, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var runId = _runId = Guid.NewGuid().ToString("N");
        var mode = Describe(request);
        using var streamLock = StreamLock.Acquire(_warehouse, _settings.Schema, _stream.Name);
        using var connection = _warehouse.OpenConnection();
        streamLock.HoldOn(connection, _warehouse.Kind);
        using var checkpoints = CheckpointTuning.Apply(_warehouse, connection);
        _tables.Create(connection);
        _tables.Start(connection, runId, _log.InvocationId, _stream.Name, mode, DateTime.UtcNow);
        _log.JobStarted(_jobName, AuditJobType.Sync, $"{mode} from {_source.Description}");
        SourceBound? bound = null;
        CursorPosition? mark = null;
        DateTime? readFrom = null;
        try
        {
            var table = Check(_source.Describe(_stream.SourceSchema, _stream.SourceTable));
            var target = new TargetTables(_warehouse, _settings.Schema, _stream, table);
            target.Prepare(connection);
            mark = _tables.ReadMark(connection, null, _stream.Name);
            bound = _source.Bound(_settings.SafetyLag);
            var warning = bound.SeesAllSessions ? null : "the source role cannot see other sessions' transactions (grant it pg_read_all_stats): late commits are caught only within the safety lag";
            if (warning is not null)
            {
                _log.Step(_jobName, "bound", "warn", warning);
            }

            _log.Step(_jobName, "bound", message: $"reading up to {bound.Upper:O} (source time {bound.Now:O}, oldest open transaction {bound.OldestOpenTransaction?.ToString("O") ?? "none"})");
            if (request.Mode == SyncMode.Full && request.Lookback is null)
            {
                readFrom = null;
                mark = Reload(connection, table, target, bound, cancellationToken);
            }
            else
            {
                var windowStart = request.Mode == SyncMode.Full ? mark?.Timestamp - request.Lookback : request.Since;
                if (windowStart is { } start && mark is not null && start <= mark.Timestamp)
                {
                    readFrom = start;
                    Window(connection, table, target, CursorPosition.Before(start), mark, bound, reconcile: request.Mode == SyncMode.Full, cancellationToken);
                }
                else
                {
                    readFrom = windowStart ?? mark?.Timestamp;
                }

                // Since is later than the mark: everything after it is after the mark too.
                mark = Copy(connection, table, target, target.Target, after: mark, bound, moveMark: true, cancellationToken);
            }

            var (pending, max) = _source.Progress(table, _stream.CursorColumn, _stream.KeyColumn, mark);
            // The age of the oldest row not copied yet; rows inside the safety lag count, as they are not in the warehouse.
            var latency = pending is { } oldest ? Math.Max(0, (bound.Now - oldest).TotalSeconds) : 0;
            var now = DateTime.UtcNow;
            _tables.Finish(connection, _stream.Name, runId, _rows, now, max, latency);
            _tables.End(connection, runId, "success", now, _rows, _batches, latency, null, readFrom, bound.Upper, mark);
            target.DropWorkTables(connection);
            _log.JobEnded(_jobName, AuditStatus.Completed, _rows, customMessage: $"{_rows} rows in {_batches} batches{(_deleted > 0 ? $", {_deleted} deleted" : string.Empty)}; mark {mark?.ToString() ?? "(none)"}; latency {latency:0.###} s");
            return new StreamSyncResult(_stream.Name, _stream.TargetTable, "success", _rows, _batches, _deleted, latency, mark, null, warning, watch.Elapsed);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var status = e is OperationCanceledException ? "cancelled" : "failed";
            var message = e is DbException ? _warehouse.DescribeError(e) : FirstLine(e.Message);
            try
            {
                _tables.End(connection, runId, status, DateTime.UtcNow, _rows, _batches, null, message, readFrom, bound?.Upper, mark);
            }
            catch (Exception recording) when (recording is DbException or InvalidOperationException)
            {
                // The warehouse itself may be what failed; the run stays 'running' and the next run marks it abandoned.
            }

            _log.JobEnded(_jobName, AuditStatus.Failed, _rows, error: message);
            throw;
        }
    }

    private SourceTable Check(SourceTable table)
    {
        var name = $"{table.Schema}.{table.Name}";
        var key = table.Find(_stream.KeyColumn) ?? throw new ReplicationException($"the source table {name} has no key column '{_stream.KeyColumn}' (stream {_stream.Name})");
        if (!table.UniqueColumns.Contains(key.Name))
        {
            throw new ReplicationException($"the key column {name}.{key.Name} is not unique at the source (no primary key or unique index on it alone); a keyset cursor needs a unique tiebreaker (stream {_stream.Name})");
        }

        var cursor = table.Find(_stream.CursorColumn) ?? throw new ReplicationException($"the source table {name} has no cursor column '{_stream.CursorColumn}' (stream {_stream.Name})");
        if (cursor.Kind != SourceColumnKind.TimestampTz)
        {
            throw new ReplicationException($"the cursor column {name}.{cursor.Name} is {cursor.SourceType}; it must be a timestamp (stream {_stream.Name})");
        }

        var nulls = _source.CountNulls(table, cursor.Name);
        if (nulls > 0)
        {
            throw new ReplicationException($"the cursor column {name}.{cursor.Name} has {nulls} NULL value{(nulls == 1 ? string.Empty : "s")}, which a cursor would never read; fill them or choose another cursor (stream {_stream.Name})");
        }

        foreach (var derived in _stream.Derived)
        {
            if (table.Find(derived.JsonColumn) is not { Kind: SourceColumnKind.Json })
            {
                throw new ReplicationException($"derived column '{derived.Name}' reads {derived.PathText}, but {name} has no JSON column '{derived.JsonColumn}' (stream {_stream.Name})");
            }

            if (table.Find(derived.Name) is not null)
            {
                throw new ReplicationException($"derived column '{derived.Name}' has the name of a column of {name} (stream {_stream.Name})");
            }
        }

        return table;
    }

    /// <summary>Reads pages after <paramref name="after"/> up to the bound into <paramref name="destination"/>; returns the last position read (or <paramref name="after"/>).</summary>
    private CursorPosition? Copy(DbConnection connection, SourceTable table, TargetTables target, string destination, CursorPosition? after, SourceBound bound, bool moveMark, CancellationToken cancellationToken, CursorPosition? through = null, bool recordSeen = false)
    {
        var upsert = target.UpsertFromStage(destination);
        var keyIndex = IndexOf(table, _stream.KeyColumn);
        var cursorIndex = IndexOf(table, _stream.CursorColumn);
        var position = after;
        // Two pages, refilled in turn: the reader fills one while the other is written.
        var current = new SourcePage(table.Columns, _settings.BatchSize);
        var spare = new SourcePage(table.Columns, _settings.BatchSize);
        var next = ReadAsync(table, position, bound.Upper, through, current, cancellationToken);
        while (true)
        {
            var page = next.GetAwaiter().GetResult();
            if (page.Count == 0)
            {
                return position;
            }

            var last = page.Count - 1;
            var lastPosition = new CursorPosition((DateTime)page.Value(last, cursorIndex)!, CursorPosition.KeyText(page.Value(last, keyIndex)!));
            // Read the next page while this one is written: the source and the warehouse work at the same time.
            (current, spare) = (spare, current);
            next = page.Count < _settings.BatchSize ? Task.FromResult(Empty(current)) : ReadAsync(table, lastPosition, bound.Upper, through, current, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            WriteBatch(connection, target, destination, upsert, page, Deduplicate(page, keyIndex), moveMark ? lastPosition : null, recordSeen);
            position = lastPosition;
        }
    }

    private static SourcePage Empty(SourcePage page)
    {
        page.Clear();
        return page;
    }

    private Task<SourcePage> ReadAsync(SourceTable table, CursorPosition? after, DateTime upper, CursorPosition? through, SourcePage page, CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                _source.ReadPage(table, _stream.CursorColumn, _stream.KeyColumn, after, upper, through, page, cancellationToken);
                return page;
            },
            cancellationToken);

    /// <summary>
    /// One transaction: the batch staged, the destination's rows with its keys replaced, and (unless it goes to a
    /// reload's copy) the mark, counters and run progress updated. A crash before the commit leaves all of it undone.
    /// </summary>
    private void WriteBatch(DbConnection connection, TargetTables target, string destination, IReadOnlyList<(string Sql, bool TakesLoadTime)> upsert, SourcePage page, IReadOnlyList<int>? rows, CursorPosition? newMark, bool recordSeen)
    {
        var now = DateTime.UtcNow;
        var count = rows?.Count ?? page.Count;
        using var transaction = connection.BeginTransaction();
        DbCommands.Execute(connection, transaction, target.EmptyStage);
        using (var writer = _warehouse.OpenBulkWriter(connection, target.StageSchema, target.StageName))
        {
            for (var i = 0; i < count; i++)
            {
                page.WriteRow(rows?[i] ?? i, writer);
            }

            writer.Complete();
        }

        foreach (var (sql, takesLoadTime) in upsert)
        {
            DbCommands.Execute(connection, transaction, sql, takesLoadTime ? [now] : []);
        }

        if (recordSeen)
        {
            DbCommands.Execute(connection, transaction, $"insert into {target.Seen} select {target.Key} from {target.Stage}");
        }

        _batches++;
        _rows += count;
        // A reload's copy is not the target yet: its mark and counters are set when it is swapped in.
        if (destination == target.Target)
        {
            if (newMark is not null)
            {
                _tables.WriteMark(connection, transaction, _stream, newMark, now);
            }

            _tables.AddRows(connection, transaction, _stream.Name, _runId, count, now);
        }

        _tables.Progress(connection, transaction, _runId, _rows, _batches);
        transaction.Commit();
        _log.Step(_jobName, "batch", message: $"batch {_batches}: {count} rows{(newMark is null ? string.Empty : $" through {newMark}")}");
    }

    /// <summary>
    /// Re-reads <c>(start, mark]</c> and upserts it without moving the mark; with <paramref name="reconcile"/>, rows
    /// of that window the source no longer has are then deleted from the target.
    /// </summary>
    private void Window(DbConnection connection, SourceTable table, TargetTables target, CursorPosition start, CursorPosition mark, SourceBound bound, bool reconcile, CancellationToken cancellationToken)
    {
        if (reconcile)
        {
            target.CreateSeen(connection);
        }

        Copy(connection, table, target, target.Target, start, bound, moveMark: false, cancellationToken, through: mark, recordSeen: reconcile);
        if (reconcile)
        {
            using var transaction = connection.BeginTransaction();
            var cursor = SqlIdentifier.Quote(_stream.CursorColumn);
            _deleted = DbCommands.Execute(
                connection,
                transaction,
                $"delete from {target.Target} where {cursor} >= $1 and {cursor} <= $2 and {target.Key} not in (select {target.Key} from {target.Seen})",
                start.Timestamp,
                mark.Timestamp);
            transaction.Commit();
            _log.Step(_jobName, "reconcile", message: $"{_deleted} rows deleted at the source between {start.Timestamp:O} and {mark.Timestamp:O} removed");
        }
    }

    /// <summary>Everything up to the bound into a copy of the target, then, in one transaction, the copy's rows replace the target's and the mark is set.</summary>
    private CursorPosition? Reload(DbConnection connection, SourceTable table, TargetTables target, SourceBound bound, CancellationToken cancellationToken)
    {
        target.CreateFull(connection);
        var last = Copy(connection, table, target, target.Full, after: null, bound, moveMark: false, cancellationToken);
        using var transaction = connection.BeginTransaction();
        var now = DateTime.UtcNow;
        DbCommands.Execute(connection, transaction, $"delete from {target.Target}");
        DbCommands.Execute(connection, transaction, $"insert into {target.Target} select * from {target.Full}");
        if (last is null)
        {
            _tables.ClearMark(connection, transaction, _stream.Name);
        }
        else
        {
            _tables.WriteMark(connection, transaction, _stream, last, now);
        }

        _tables.AddRows(connection, transaction, _stream.Name, _runId, _rows, now);
        DbCommands.Execute(connection, transaction, $"drop table {target.Full}");
        transaction.Commit();
        return last;
    }

    /// <summary>
    /// The rows to write when a key repeats in the page, keeping the last row of each key, in page order; null (all
    /// of them) otherwise. A page of a unique key has no key twice, but a view or a broken index might.
    /// </summary>
    private static IReadOnlyList<int>? Deduplicate(SourcePage page, int keyIndex)
    {
        var last = new Dictionary<object, int>(page.Count);
        for (var row = 0; row < page.Count; row++)
        {
            last[page.Value(row, keyIndex)!] = row;
        }

        return last.Count == page.Count ? null : [.. last.Values.Order()];
    }

    private static int IndexOf(SourceTable table, string column)
    {
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (table.Columns[i].Name == column)
            {
                return i;
            }
        }

        throw new ReplicationException($"no column {column}");
    }

    private static string Describe(SyncRequest request) => request switch
    {
        { Mode: SyncMode.Full, Lookback: { } lookback } => $"full, look-back {lookback}",
        { Mode: SyncMode.Full } => "full",
        { Since: { } since } => $"delta since {since:O}",
        _ => "delta",
    };

    private static string FirstLine(string message)
    {
        var newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}

/// <summary>How one stream's run ended.</summary>
public sealed record StreamSyncResult(
    string Stream,
    string TargetTable,
    string Status,
    long RowsSynced,
    long Batches,
    long RowsDeleted,
    double? LatencySeconds,
    CursorPosition? Mark,
    string? Error,
    string? Warning,
    TimeSpan Elapsed);
