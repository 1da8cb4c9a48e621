using System.Collections.Concurrent;
using System.Data.Common;
using Logbook.Core.Querying;
using Logbook.Core.Replication;
using Logbook.Core.Warehouses;

namespace Logbook.Replication;

/// <summary>
/// One run of a stream at a time. Within a process, a semaphore per warehouse and stream; across processes, DuckDB
/// admits one writing process per file, and on PostgreSQL a session advisory lock is held for the run. A second
/// run is refused at once rather than queued, as a scheduler would pile them up.
/// </summary>
internal sealed class StreamLock : IDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> s_locks = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _semaphore;
    private readonly string _name;
    private DbConnection? _connection;

    private StreamLock(SemaphoreSlim semaphore, string name)
    {
        _semaphore = semaphore;
        _name = name;
    }

    public static StreamLock Acquire(IWarehouse warehouse, string schema, string stream)
    {
        var name = $"logbook.sync.{schema}.{stream}";
        var semaphore = s_locks.GetOrAdd(warehouse.Description + "|" + name, _ => new SemaphoreSlim(1, 1));
        if (!semaphore.Wait(0))
        {
            throw new ReplicationException($"stream {stream} is already being synced by this process; runs of a stream do not overlap");
        }

        return new StreamLock(semaphore, name);
    }

    /// <summary>On PostgreSQL, also takes the session advisory lock on the run's connection.</summary>
    public void HoldOn(DbConnection connection, WarehouseKind kind)
    {
        if (kind != WarehouseKind.Postgres)
        {
            return;
        }

        if (DbCommands.Scalar(connection, null, "select pg_try_advisory_lock(hashtext($1))", _name) is not true)
        {
            throw new ReplicationException($"another process is syncing stream {_name["logbook.sync.".Length..]} into this warehouse; runs of a stream do not overlap");
        }

        _connection = connection;
    }

    public void Dispose()
    {
        if (_connection is { State: System.Data.ConnectionState.Open } connection)
        {
            try
            {
                DbCommands.Scalar(connection, null, "select pg_advisory_unlock(hashtext($1))", _name);
            }
            catch (DbException)
            {
                // Closing the session releases it anyway.
            }
        }

        _semaphore.Release();
    }
}
