using System.Data.Common;
using Logbook.Core.Warehouses;

namespace Logbook.Audit;

/// <summary>
/// Writes audit rows on one connection from a background thread, group-committed: a batch collects what is
/// queued for up to the linger time (or until someone waits) and goes in one transaction, so a build of many small
/// models costs a few audit commits and statements (see <see cref="AuditStatements"/>), not one per row. A
/// caller that needs its row durable before it goes on waits for its batch, which is then written at once; the
/// others do not wait, so the audit log stays off the jobs' critical path. A failed batch is retried statement by
/// statement, so one bad statement costs only itself, as a warning. Tables that do not exist yet are created in the
/// first batch's transaction (or at the first flush); if they cannot be, the writer warns once and drops every row.
/// </summary>
internal sealed class AuditWriter : IDisposable
{
    private readonly DbConnection _connection;
    private readonly string _schema;
    private readonly Func<string, IBulkWriter>? _openBulkWriter;
    private readonly Lock _connectionGate;
    private readonly Action<string> _warn;
    private readonly TimeSpan _waitLimit;
    private readonly TimeSpan _linger;
    private readonly object _queueGate = new();
    private readonly List<Pending> _queue = [];
    private readonly Thread _thread;
    private long _queued;
    private long _written;
    private long _firstQueuedAt;
    private bool _urgent;
    private bool _stopping;
    private volatile bool _tablesPending;
    private volatile bool _disabled;

    public AuditWriter(DbConnection connection, string schema, Func<string, IBulkWriter>? openBulkWriter, Lock connectionGate, Action<string> warn, TimeSpan waitLimit, TimeSpan linger, bool tablesMissing)
    {
        _tablesPending = tablesMissing;
        _connection = connection;
        _schema = schema;
        _openBulkWriter = openBulkWriter;
        _connectionGate = connectionGate;
        _warn = warn;
        _waitLimit = waitLimit;
        _linger = linger;
        _thread = new Thread(Run) { IsBackground = true, Name = "logbook-audit-writer" };
        _thread.Start();
    }

    /// <summary>True until the writer has created the missing audit tables (or found that it cannot).</summary>
    public bool TablesPending => _tablesPending;

    /// <summary>True when the audit tables could not be created: rows are dropped.</summary>
    public bool Disabled => _disabled;

    /// <summary>Queues a write; with <paramref name="durable"/>, returns once it is committed (or failed, or the wait limit passed).</summary>
    public void Enqueue(AuditOp op, bool durable)
    {
        var done = durable ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        lock (_queueGate)
        {
            var first = _queue.Count == 0;
            if (first)
            {
                _firstQueuedAt = Environment.TickCount64;
            }

            _queue.Add(new Pending(op, done));
            _queued++;
            _urgent |= durable;
            // Wake the writer only when it has something new to do: a first row to linger on, or a row to write now.
            // A pulse per row would switch to the lingering writer and back for every step of every job.
            if (first || durable)
            {
                Monitor.PulseAll(_queueGate);
            }
        }

        if (done is not null && !done.Task.Wait(_waitLimit))
        {
            _warn($"audit log: {op.What} was not written within {_waitLimit.TotalSeconds:0} s; the job goes on");
        }
    }

    /// <summary>Ends the current batch's linger: what is queued is written now, without waiting for it.</summary>
    public void WriteSoon()
    {
        lock (_queueGate)
        {
            _urgent = true;
            Monitor.PulseAll(_queueGate);
        }
    }

    /// <summary>Returns once everything queued so far has been written.</summary>
    public void Flush()
    {
        lock (_queueGate)
        {
            var target = _queued;
            if (_written >= target && !_tablesPending)
            {
                return;
            }

            _urgent = true;
            Monitor.PulseAll(_queueGate);
            while ((_written < target || _tablesPending) && _thread.IsAlive)
            {
                Monitor.Wait(_queueGate, TimeSpan.FromSeconds(1));
            }
        }
    }

    public void Dispose()
    {
        lock (_queueGate)
        {
            _stopping = true;
            Monitor.PulseAll(_queueGate);
        }

        _thread.Join();
    }

    private void Run()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_queueGate)
            {
                // A flush, or the end, of a writer whose tables are missing creates them even with no rows to write.
                while (_queue.Count == 0 && !_stopping && !(_urgent && _tablesPending))
                {
                    Monitor.Wait(_queueGate);
                }

                if (_queue.Count == 0 && !_tablesPending)
                {
                    return;
                }

                // Linger so that the rows of jobs starting and ending together share one commit.
                while (_queue.Count > 0 && !_urgent && !_stopping && Environment.TickCount64 - _firstQueuedAt < (long)_linger.TotalMilliseconds)
                {
                    Monitor.Wait(_queueGate, TimeSpan.FromMilliseconds(Math.Max(1, (long)_linger.TotalMilliseconds - (Environment.TickCount64 - _firstQueuedAt))));
                }

                _urgent = false;
                batch = [.. _queue];
                _queue.Clear();
            }

            lock (_connectionGate)
            {
                var written = _tablesPending && CreateTablesWith(batch);
                if (!written && !_disabled && batch.Count > 0
                    && (batch.Count == 1 || !TryInOneTransaction(AuditBatch.Of([.. batch.Select(p => p.Op)]))))
                {
                    foreach (var pending in batch)
                    {
                        foreach (var statement in AuditStatements.For(_schema, [pending.Op]))
                        {
                            TryExecute(statement, warn: true);
                        }
                    }
                }
            }

            lock (_queueGate)
            {
                _written += batch.Count;
                Monitor.PulseAll(_queueGate);
            }

            foreach (var pending in batch)
            {
                pending.Done?.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Creates the missing tables in the transaction of the batch's rows; true when that wrote the batch. Else the
    /// tables are created alone (another run may have raced us to them), and when even that fails the writer is
    /// disabled, with one warning.
    /// </summary>
    private bool CreateTablesWith(List<Pending> batch)
    {
        try
        {
            if (batch.Count > 0 && TryInOneTransaction(AuditBatch.Of([.. batch.Select(p => p.Op)]), createTables: true))
            {
                return true;
            }

            AuditTables.EnsureCreated(_connection, _schema);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _disabled = true;
            _warn($"audit log disabled: cannot prepare {_schema}.audit_summary/audit_detail: {e.Message.Split('\n', 2)[0].Trim()}");
        }
        finally
        {
            _tablesPending = false;
        }

        return false;
    }

    /// <summary>
    /// Writes a batch in one transaction: outcomes as updates, new rows bulk-loaded where the warehouse can (else
    /// multi-row inserts), re-runs as upserts. False, and nothing written, when any of it fails.
    /// </summary>
    private bool TryInOneTransaction(AuditBatch batch, bool createTables = false)
    {
        DbTransaction? transaction = null;
        try
        {
            transaction = _connection.BeginTransaction();
            if (createTables)
            {
                AuditTables.Create(_connection, _schema, transaction);
            }

            var ok = TryExecuteAll(AuditStatements.Updates(_schema, batch), transaction)
                && TryLoad(batch.NewJobs.Select(r => r.Values()), "audit_summary", () => AuditStatements.Inserts(_schema, batch.NewJobs), transaction)
                && TryExecuteAll(AuditStatements.Upserts(_schema, batch), transaction)
                && TryLoad(batch.Steps.Select(r => r.Values()), "audit_detail", () => AuditStatements.Inserts(_schema, batch.Steps), transaction);
            if (!ok)
            {
                transaction.Rollback();
                return false;
            }

            transaction.Commit();
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Anything the warehouse or its bulk loader throws (a table of the wrong shape: InvalidCastException)
            // fails the batch, never the writer thread: the writes are retried one by one, as warnings.
            try
            {
                transaction?.Rollback();
            }
            catch (Exception rollback) when (rollback is not OutOfMemoryException)
            {
                // Already aborted by the engine; the statements are retried one by one.
            }

            return false;
        }
        finally
        {
            transaction?.Dispose();
        }
    }

    private bool TryExecuteAll(IEnumerable<AuditStatement> statements, DbTransaction transaction) =>
        statements.All(statement => TryExecute(statement, warn: false, transaction));

    /// <summary>Bulk-loads rows (values in the table's column order), or runs the insert statements without a bulk loader.</summary>
    private bool TryLoad(IEnumerable<object?[]> rows, string table, Func<IEnumerable<AuditStatement>> inserts, DbTransaction transaction)
    {
        if (_openBulkWriter is null)
        {
            return TryExecuteAll(inserts(), transaction);
        }

        using var writer = _openBulkWriter(table);
        foreach (var row in rows)
        {
            foreach (var value in row)
            {
                _ = value switch
                {
                    null => writer.WriteNull(),
                    string text => writer.Write(text),
                    int number => writer.Write(number),
                    long number => writer.Write(number),
                    double number => writer.Write(number),
                    DateTime time => writer.Write(time),
                    _ => throw new ArgumentException($"no bulk-load mapping for {value.GetType().Name}"),
                };
            }

            writer.EndRow();
        }

        writer.Complete();
        return true;
    }

    private bool TryExecute(AuditStatement statement, bool warn, DbTransaction? transaction = null)
    {
        try
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement.Sql;
            foreach (var value in statement.Values)
            {
                var parameter = command.CreateParameter();
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            command.ExecuteNonQuery();
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (warn)
            {
                _warn($"audit log: could not record {statement.What}: {e.Message.Split('\n', 2)[0].Trim()}");
            }

            return false;
        }
    }

    private sealed record Pending(AuditOp Op, TaskCompletionSource? Done);
}
