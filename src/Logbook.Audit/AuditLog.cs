using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Logbook.Core.Runs;
using Logbook.Core.Warehouses;

namespace Logbook.Audit;

/// <summary>
/// Writes the run audit log for one invocation. Each job gets its summary row with status <c>started</c> before it
/// executes (journaled to a local file at once, committed to the warehouse with the next batch; without a journal,
/// waited for), and the row is updated when it ends, so a run that is killed still leaves a trace (a later run
/// restores rows that only the journal holds and marks them <c>abandoned</c>). Writes go through a connection of their own, so a job's rollback cannot erase its audit
/// row, and values are always parameters. An audit write that fails is reported through the warning callback and
/// never fails the job. Safe to call from several job threads: writes are serialized on the audit connection.
/// </summary>
public sealed class AuditLog : IJobLog, IDisposable
{
    private readonly AuditOptions _options;
    private readonly Action<string> _warn;
    private readonly DbConnection? _connection;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, long> _running = new(StringComparer.Ordinal);

    // Step numbers outlive the job (a test's outcome is added to its model after the model ended), so detail ids stay unique.
    private readonly ConcurrentDictionary<string, int> _steps = new(StringComparer.Ordinal);

    // Jobs whose summary row this invocation has written: only a repeat needs the (slower) upsert.
    private readonly ConcurrentDictionary<string, bool> _recorded = new(StringComparer.Ordinal);
    private readonly AuditWriter? _writer;
    private readonly AuditJournal? _journal;

    private AuditLog(string invocationId, AuditOptions options, Action<string> warn, DbConnection? connection, IWarehouse? warehouse = null, bool tablesMissing = false)
    {
        InvocationId = invocationId;
        _options = options;
        _warn = warn;
        _connection = connection;
        _writer = connection is null ? null : new AuditWriter(
            connection, options.Schema, warehouse is null ? null : table => warehouse.OpenBulkWriter(connection, options.Schema, table), _gate, warn, TimeSpan.FromSeconds(30), options.FlushInterval, tablesMissing);
        _journal = connection is null || options.JournalDirectory is null ? null : AuditJournal.For(options.JournalDirectory, invocationId);
    }

    public string InvocationId { get; }

    /// <summary>False when the audit tables could not be reached or created; jobs still run, and nothing is written.</summary>
    public bool IsEnabled => _writer is { Disabled: false };

    /// <summary>
    /// Opens the audit connection and looks for the tables. Missing ones are created by the writer, in the
    /// transaction of the first rows (or at the first flush). If the tables cannot be reached or created, the log is
    /// disabled with one warning; it never throws.
    /// </summary>
    public static AuditLog Open(IWarehouse warehouse, AuditOptions options, Action<string> warn, string? invocationId = null)
    {
        invocationId ??= Guid.NewGuid().ToString();
        DbConnection? connection = null;
        try
        {
            connection = warehouse.OpenConnection();
            // Usually the tables exist: a catalog read, no DDL, so concurrent runs on PostgreSQL do not race on
            // CREATE SCHEMA. Otherwise the DDL waits for the first batch and shares its commit: on a fresh
            // warehouse that is one commit less, and none before the run's first job.
            var tablesMissing = !AuditTables.Exist(connection, options.Schema);

            return new AuditLog(invocationId, options, warn, connection, warehouse, tablesMissing);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            connection?.Dispose();
            warn($"audit log disabled: cannot prepare {options.Schema}.audit_summary/audit_detail: {FirstLine(e.Message)}");
            return new AuditLog(invocationId, options, warn, connection: null);
        }
    }

    /// <summary>Records that a job starts: its summary row, status <c>started</c>.</summary>
    public void JobStarted(string name, AuditJobType type, string? customMessage = null)
    {
        _running[name] = Stopwatch.GetTimestamp();
        var repeat = !_recorded.TryAdd(name, true);
        var row = new StartedRow(
            InvocationId, Cap(name)!, UtcNow(), Cap(_options.User), AuditSchema.Cap(customMessage, AuditSchema.MessageLength),
            AuditNames.Of(type), _options.TargetName, Cap(_options.Host), _options.ProcessId, _options.LogbookVersion);
        // On record before the job runs, so a run killed now still leaves this row: in the journal when there is
        // one (the warehouse commit follows with the next batch), else by waiting for the commit.
        var journaled = _journal?.Append(new JournalEntry(row, null)) ?? false;
        _writer?.Enqueue(new StartOp(row, repeat), durable: !journaled);
    }

    /// <summary>A detail row for one step of a job (compile, execute, swap, a test, or a model's own event).</summary>
    public void Step(string name, string step, string status = "info", string? message = null, int? sequence = null)
    {
        var number = _steps.AddOrUpdate(name, 1, (_, steps) => steps + 1);
        // detail_log_id is unique by construction (invocation, job, step number): a plain insert, no upsert.
        _writer?.Enqueue(
            new StepOp(new StepRow(
                Cap($"{InvocationId}:{name}:{number.ToString(CultureInfo.InvariantCulture)}")!, InvocationId, Cap(name)!, Cap(step)!,
                sequence, UtcNow(), status, AuditSchema.Cap(message, AuditSchema.MessageLength))),
            durable: false);
    }

    /// <summary>
    /// Records how a job ended. <paramref name="rowsAffected"/> is the driver's real count, or null when the engine
    /// cannot tell (never a stand-in 0 or 1); <c>rows_processed</c> holds it when it fits the INTEGER column, and
    /// <c>rows_affected</c> always holds it.
    /// </summary>
    public void JobEnded(string name, AuditStatus status, long? rowsAffected = null, string? error = null, string? customMessage = null)
    {
        var now = UtcNow();
        double? seconds = _running.TryRemove(name, out var started) ? Stopwatch.GetElapsedTime(started).TotalSeconds : null;
        int? rowsProcessed = rowsAffected is >= int.MinValue and <= int.MaxValue ? (int)rowsAffected.Value : null;
        var outcome = new OutcomeRow(
            InvocationId, Cap(name)!, now, seconds is null ? null : (int)Math.Round(seconds.Value), rowsProcessed, rowsAffected,
            AuditNames.Of(status), AuditSchema.Cap(error, AuditSchema.ErrorLength), AuditSchema.Cap(customMessage, AuditSchema.MessageLength), seconds);
        // Journaled too, so a job that finished just before a SIGKILL is not reported abandoned.
        _journal?.Append(new JournalEntry(null, outcome));
        _writer?.Enqueue(new EndOp(outcome), durable: false);
    }

    /// <summary>
    /// Marks as <c>abandoned</c> the rows that earlier runs left <c>started</c> and that can no longer finish: on
    /// this host, when their process is gone; on another host, when older than <see cref="AuditOptions.ForeignHostStaleAfter"/>.
    /// Returns how many rows were marked.
    /// </summary>
    public int MarkAbandoned()
    {
        if (_connection is null || _writer is null)
        {
            return 0;
        }

        // Tables not created yet hold no 'started' rows; only a dead run's journal can (it died before its first
        // batch): then they are created now, by the flush.
        if (_writer.TablesPending && (_options.JournalDirectory is not { } journals || !AuditJournal.HasLeftovers(journals, InvocationId)))
        {
            return 0;
        }

        Flush();
        if (_writer.Disabled)
        {
            return 0;
        }

        RestoreJournaledRows();

        var candidates = new List<(string Invocation, string Name, string? Host, int? Pid, DateTime Started)>();
        lock (_gate)
        {
            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = $"SELECT invocation_id, model_name, host, process_id, run_started_at FROM {AuditSchema.Summary(_options.Schema)} WHERE status = 'started' AND invocation_id <> $1";
                AddParameter(command, InvocationId);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    candidates.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.GetDateTime(4)));
                }
            }
            catch (DbException e)
            {
                _warn($"audit log: cannot look for abandoned runs: {FirstLine(e.Message)}");
                return 0;
            }
        }

        var marked = 0;
        foreach (var row in candidates)
        {
            string? reason = !OwnerIsGone(row.Host, row.Pid, row.Started)
                ? null
                : string.Equals(row.Host, _options.Host, StringComparison.Ordinal)
                    ? $"abandoned: process {row.Pid} on {row.Host} ended without finishing this job (found by invocation {InvocationId})"
                    : $"abandoned: started on {row.Host ?? "an unknown host"} more than {_options.ForeignHostStaleAfter.TotalHours:0.#} h ago and never finished (found by invocation {InvocationId})";

            if (reason is not null && Write($"abandon {row.Name}", $"""
                UPDATE {AuditSchema.Summary(_options.Schema)} SET status = 'abandoned', error_message = $3
                WHERE invocation_id = $1 AND model_name = $2 AND status = 'started'
                """, row.Invocation, row.Name, reason))
            {
                marked++;
            }
        }

        return marked;
    }

    /// <summary>
    /// Puts back what a dead invocation journaled but never committed (it was killed within a batch's linger):
    /// its jobs' rows, as <c>started</c>, and the outcomes of those that finished, so that the marking below sees
    /// the truth; then deletes that journal. Idempotent: rows already in the table are kept, outcomes re-applied.
    /// </summary>
    private void RestoreJournaledRows()
    {
        if (_options.JournalDirectory is not { } directory || _connection is null)
        {
            return;
        }

        foreach (var (path, entries) in AuditJournal.Leftovers(directory, InvocationId))
        {
            var owner = entries.Select(e => e.Start).FirstOrDefault(s => s is not null);
            if (owner is not null && !OwnerIsGone(owner.Host, owner.ProcessId, File.GetLastWriteTimeUtc(path)))
            {
                continue;
            }

            var statements = entries.Where(e => e.Start is not null).Select(e => AuditStatements.Restore(_options.Schema, e.Start!))
                .Concat(AuditStatements.Updates(_options.Schema, AuditBatch.Of([.. entries.Where(e => e.End is not null).Select(e => new EndOp(e.End!))])));
            if (statements.All(statement => Write(statement.What, statement.Sql, statement.Values)))
            {
                AuditJournal.TryDelete(path);
            }
        }
    }

    /// <summary>
    /// Whether the process that wrote a row (or a journal) can no longer finish it: on this host, when it is gone; on
    /// another, when its last sign of life is older than <see cref="AuditOptions.ForeignHostStaleAfter"/>.
    /// </summary>
    private bool OwnerIsGone(string? host, int? pid, DateTime lastSeenUtc) =>
        string.Equals(host, _options.Host, StringComparison.Ordinal)
            ? pid is { } id && !IsAlive(id)
            : UtcNow() - lastSeenUtc > _options.ForeignHostStaleAfter;

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Starts writing what is queued without waiting for the batch's linger; returns at once.</summary>
    public void JobsFinished() => _writer?.WriteSoon();

    /// <summary>Returns once every row recorded so far is written (reads of the audit tables call it first).</summary>
    public void Flush() => _writer?.Flush();

    /// <summary>Runs one audit statement now; failures become a warning. Returns whether it succeeded.</summary>
    private bool Write(string what, string sql, params object?[] values)
    {
        if (_connection is null)
        {
            return false;
        }

        lock (_gate)
        {
            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = sql;
                foreach (var value in values)
                {
                    AddParameter(command, value);
                }

                command.ExecuteNonQuery();
                return true;
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                _warn($"audit log: could not record {what}: {FirstLine(e.Message)}");
                return false;
            }
        }
    }

    private static void AddParameter(DbCommand command, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>UTC wall-clock time, stored in the requirement's TIMESTAMP columns without a zone.</summary>
    private DateTime UtcNow() => DateTime.SpecifyKind(_options.Time.GetUtcNow().UtcDateTime, DateTimeKind.Unspecified);

    private static string? Cap(string? text) => AuditSchema.Cap(text, AuditSchema.NameLength);

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    /// <summary>Writes what is still queued, then closes the audit connection.</summary>
    public void Dispose()
    {
        _writer?.Dispose();
        _journal?.Complete();
        _connection?.Dispose();
    }
}
