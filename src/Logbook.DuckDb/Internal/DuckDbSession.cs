using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal;

/// <summary>
/// The engine behind an open <see cref="DuckDbConnection"/> (Npgsql's connector): the native database and
/// connection handles plus a state machine that turns concurrent misuse of one connection into a clear
/// <see cref="DuckDbOperationInProgressException"/> rather than memory corruption.
/// </summary>
internal sealed class DuckDbSession : IDisposable
{
    private readonly DuckDbDatabaseHandle _database;
    private readonly HashSet<System.Runtime.InteropServices.SafeHandle> _dependents = [];
    private int _state;
    private long _generation;
    private readonly Lock _interruptLock = new();

    private DuckDbSession(DuckDbDatabaseHandle database, DuckDbConnectionHandle connection)
    {
        _database = database;
        Connection = connection;
        _state = (int)SessionState.Ready;
    }

    public DuckDbConnectionHandle Connection { get; }

    public SessionState State => (SessionState)Volatile.Read(ref _state);

    public static DuckDbSession Open(string dataSource, IReadOnlyDictionary<string, string> options)
    {
        var database = DatabaseCache.Open(dataSource, options);
        if (NativeMethods.Startup.DuckDbConnect(database, out var pointer) != DuckDbState.Success)
        {
            new DuckDbConnectionHandle(pointer).Dispose();
            database.Dispose();
            ThrowHelper.ThrowEngineError($"Cannot connect to DuckDB database '{dataSource}'", DuckDbErrorType.Connection, sql: null);
        }

        return new DuckDbSession(database, new DuckDbConnectionHandle(pointer));
    }

    /// <summary>Moves Ready -> <paramref name="target"/>, or throws if another operation holds the session.</summary>
    public void StartUserAction(SessionState target)
    {
        SessionState previous;
        lock (_interruptLock)
        {
            previous = (SessionState)Interlocked.CompareExchange(ref _state, (int)target, (int)SessionState.Ready);
            if (previous == SessionState.Ready)
            {
                // A new operation: interrupts aimed at earlier ones must not reach it.
                _generation++;
                return;
            }
        }

        switch (previous)
        {
            case SessionState.Closed:
                ThrowHelper.ThrowConnectionClosed();
                break;
            case SessionState.Fetching:
                throw new DuckDbOperationInProgressException("A data reader is already open on this connection; close it first (or use another connection).");
            default:
                throw new DuckDbOperationInProgressException("The connection is already executing a command; DuckDB connections are not thread-safe (use one connection per thread).");
        }
    }

    /// <summary>Hands the session from one busy state to another (executing -> fetching) without becoming free.</summary>
    public void Transition(SessionState from, SessionState to) =>
        Interlocked.CompareExchange(ref _state, (int)to, (int)from);

    public void EndUserAction() =>
        Interlocked.CompareExchange(ref _state, (int)SessionState.Ready, (int)SessionState.Executing);

    public void EndFetching() =>
        Interlocked.CompareExchange(ref _state, (int)SessionState.Ready, (int)SessionState.Fetching);

    /// <summary>Identifies the operation in progress; see <see cref="Interrupt(long)"/>.</summary>
    public long Generation
    {
        get
        {
            lock (_interruptLock)
            {
                return _generation;
            }
        }
    }

    /// <summary>Asks DuckDB to stop whatever query is running; safe from any thread.</summary>
    public void Interrupt() => Interrupt(Generation);

    /// <summary>
    /// Interrupts the operation <paramref name="generation"/> if it is still the one running. The check and the
    /// interrupt happen under the lock that starting an operation takes, so a late interrupt never hits the next one.
    /// </summary>
    public void Interrupt(long generation)
    {
        lock (_interruptLock)
        {
            if (generation == _generation && State is SessionState.Executing or SessionState.Fetching)
            {
                NativeMethods.Startup.DuckDbInterrupt(Connection);
            }
        }
    }

    /// <summary>
    /// Registers a native object that lives inside this connection (a kept prepared statement, an open result, an
    /// appender). Such objects must die before the connection: one that outlives it keeps the database instance
    /// alive, and the next open of the same file then waits for it forever.
    /// </summary>
    public void Adopt(System.Runtime.InteropServices.SafeHandle dependent)
    {
        lock (_dependents)
        {
            _dependents.Add(dependent);
        }
    }

    /// <summary>Frees a dependent early (its owner is done with it).</summary>
    public void Release(System.Runtime.InteropServices.SafeHandle? dependent)
    {
        if (dependent is null)
        {
            return;
        }

        lock (_dependents)
        {
            _dependents.Remove(dependent);
        }

        dependent.Dispose();
    }

    public void Dispose()
    {
        Volatile.Write(ref _state, (int)SessionState.Closed);
        System.Runtime.InteropServices.SafeHandle[] dependents;
        lock (_dependents)
        {
            dependents = [.. _dependents];
            _dependents.Clear();
        }

        foreach (var dependent in dependents)
        {
            dependent.Dispose();
        }

        Connection.Dispose();
        _database.Dispose();
    }
}
