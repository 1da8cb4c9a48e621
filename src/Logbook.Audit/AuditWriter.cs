using System.Data.Common;

namespace Logbook.Audit;

/// <summary>
/// Writes audit statements on one connection from a background thread, group-committed: everything queued while
/// the previous batch was being written goes in one transaction. A caller that needs its row durable before it
/// goes on (a job's <c>started</c> row, so that a killed run leaves a trace) waits for its batch; the others
/// (step rows, a job's outcome) do not wait, so the audit log stays off the jobs' critical path. A failed batch
/// is retried statement by statement, so one bad statement costs only itself, as a warning.
/// </summary>
internal sealed class AuditWriter : IDisposable
{
    private readonly DbConnection _connection;
    private readonly Lock _connectionGate;
    private readonly Action<string> _warn;
    private readonly TimeSpan _waitLimit;
    private readonly object _queueGate = new();
    private readonly List<Pending> _queue = [];
    private readonly Thread _thread;
    private long _queued;
    private long _written;
    private bool _stopping;

    public AuditWriter(DbConnection connection, Lock connectionGate, Action<string> warn, TimeSpan waitLimit)
    {
        _connection = connection;
        _connectionGate = connectionGate;
        _warn = warn;
        _waitLimit = waitLimit;
        _thread = new Thread(Run) { IsBackground = true, Name = "logbook-audit-writer" };
        _thread.Start();
    }

    /// <summary>Queues a statement; with <paramref name="durable"/>, returns once it is committed (or failed, or the wait limit passed).</summary>
    public void Enqueue(string what, string sql, object?[] values, bool durable)
    {
        var done = durable ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        lock (_queueGate)
        {
            _queue.Add(new Pending(what, sql, values, done));
            _queued++;
            Monitor.PulseAll(_queueGate);
        }

        if (done is not null && !done.Task.Wait(_waitLimit))
        {
            _warn($"audit log: {what} was not written within {_waitLimit.TotalSeconds:0} s; the job goes on");
        }
    }

    /// <summary>Returns once everything queued so far has been written.</summary>
    public void Flush()
    {
        lock (_queueGate)
        {
            var target = _queued;
            while (_written < target && _thread.IsAlive)
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
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_queueGate);
                }

                if (_queue.Count == 0)
                {
                    return;
                }

                batch = [.. _queue];
                _queue.Clear();
            }

            lock (_connectionGate)
            {
                if (batch.Count == 1 || !TryInOneTransaction(batch))
                {
                    foreach (var pending in batch)
                    {
                        TryExecute(pending, warn: true);
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

    private bool TryInOneTransaction(List<Pending> batch)
    {
        DbTransaction? transaction = null;
        try
        {
            transaction = _connection.BeginTransaction();
            foreach (var pending in batch)
            {
                if (!TryExecute(pending, warn: false, transaction))
                {
                    transaction.Rollback();
                    return false;
                }
            }

            transaction.Commit();
            return true;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            try
            {
                transaction?.Rollback();
            }
            catch (Exception rollback) when (rollback is DbException or InvalidOperationException)
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

    private bool TryExecute(Pending pending, bool warn, DbTransaction? transaction = null)
    {
        try
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = pending.Sql;
            foreach (var value in pending.Values)
            {
                var parameter = command.CreateParameter();
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            command.ExecuteNonQuery();
            return true;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            if (warn)
            {
                _warn($"audit log: could not record {pending.What}: {e.Message.Split('\n', 2)[0].Trim()}");
            }

            return false;
        }
    }

    private sealed record Pending(string What, string Sql, object?[] Values, TaskCompletionSource? Done);
}
