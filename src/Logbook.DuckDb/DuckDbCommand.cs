using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Logbook.DuckDb.Internal;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb;

/// <summary>
/// A SQL command: one or more statements separated by semicolons, with parameters bound through prepared
/// statements. A single-statement command keeps its prepared statement between executions.
/// Cancellation (<see cref="Cancel"/>, a CancellationToken or <see cref="CommandTimeout"/>) interrupts the
/// running query through <c>duckdb_interrupt</c>. The async methods run synchronously: DuckDB has no async
/// API, so offload to a thread at the orchestration boundary if you need to.
/// </summary>
public sealed class DuckDbCommand : DbCommand
{
    private string _commandText = string.Empty;
    private DuckDbConnection? _connection;
    private DuckDbPreparedStatementHandle? _cached;
    private DuckDbSession? _cachedFor;
    private volatile bool _timedOut;

    // The session operation this command started last; Cancel() aims at it alone, so cancelling one command never
    // interrupts another command that runs later on the same connection.
    private long _operation = -1;

    public DuckDbCommand()
    {
    }

    public DuckDbCommand(string commandText, DuckDbConnection? connection = null)
    {
        _commandText = commandText;
        _connection = connection;
    }

    /// <inheritdoc />
    [AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set
        {
            if (!string.Equals(_commandText, value, StringComparison.Ordinal))
            {
                DropCachedStatement();
            }

            _commandText = value ?? string.Empty;
        }
    }

    /// <summary>
    /// Stream results chunk by chunk (the default: constant memory) or let DuckDB materialize the whole result
    /// first (faster for results that fit in memory, since the query then runs on all threads up front).
    /// </summary>
    public bool UseStreamingMode { get; set; } = true;

    /// <summary>Seconds before the command is interrupted; 0 (the default) waits forever, since analytics queries run long.</summary>
    public override int CommandTimeout { get; set; }

    /// <inheritdoc />
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException("DuckDB commands are SQL text.");
            }
        }
    }

    /// <inheritdoc />
    public override bool DesignTimeVisible { get; set; }

    /// <inheritdoc />
    public override UpdateRowSource UpdatedRowSource { get; set; }

    /// <inheritdoc cref="DbCommand.Connection" />
    public new DuckDbConnection? Connection
    {
        get => _connection;
        set
        {
            if (!ReferenceEquals(_connection, value))
            {
                DropCachedStatement();
            }

            _connection = value;
        }
    }

    /// <inheritdoc />
    protected override DbConnection? DbConnection
    {
        get => Connection;
        set => Connection = (DuckDbConnection?)value;
    }

    /// <inheritdoc cref="DbCommand.Parameters" />
    public new DuckDbParameterCollection Parameters { get; } = new();

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => Parameters;

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction { get; set; }

    /// <summary>Interrupts the running query, if any. Safe to call from any thread.</summary>
    public override void Cancel()
    {
        if (_connection is { State: ConnectionState.Open } connection)
        {
            connection.Session.Interrupt(Interlocked.Read(ref _operation));
        }
    }

    /// <inheritdoc />
    protected override DbParameter CreateDbParameter() => new DuckDbParameter();

    /// <summary>Prepares nothing ahead: single statements are prepared on first execution and kept.</summary>
    public override void Prepare()
    {
    }

    /// <summary>Runs every statement; returns the rows changed by INSERT/UPDATE/DELETE/CTAS statements, or -1 if none changed rows.</summary>
    public override int ExecuteNonQuery() => checked((int)ExecuteNonQueryCore(CancellationToken.None));

    /// <summary>As <see cref="ExecuteNonQuery"/>, without the int range limit.</summary>
    public long ExecuteNonQueryLong() => ExecuteNonQueryCore(CancellationToken.None);

    /// <inheritdoc />
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(checked((int)ExecuteNonQueryCore(cancellationToken)));
    }

    /// <inheritdoc />
    public override object? ExecuteScalar()
    {
        using var reader = ExecuteReader();
        return reader.Read() && reader.FieldCount > 0 ? reader.GetValue(0) : null;
    }

    /// <inheritdoc cref="DbCommand.ExecuteReader()" />
    public new DuckDbDataReader ExecuteReader() => ExecuteReader(CommandBehavior.Default);

    /// <inheritdoc cref="DbCommand.ExecuteReader(CommandBehavior)" />
    public new DuckDbDataReader ExecuteReader(CommandBehavior behavior) => ExecuteReaderCore(behavior, CancellationToken.None);

    /// <inheritdoc />
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => ExecuteReaderCore(behavior, CancellationToken.None);

    /// <inheritdoc />
    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<DbDataReader>(ExecuteReaderCore(behavior, cancellationToken));
    }

    private long ExecuteNonQueryCore(CancellationToken cancellationToken)
    {
        var session = CheckReady();
        session.StartUserAction(SessionState.Executing);
        Interlocked.Exchange(ref _operation, session.Generation);
        try
        {
            using var cancel = RegisterCancellation(session, cancellationToken);
            var total = -1L;
            ForEachStatement(session, (statement, _) =>
            {
                using var result = StatementRunner.Execute(statement, streaming: false, _commandText);
                var changed = StatementRunner.ChangedRows(result, _commandText);
                if (changed >= 0)
                {
                    total = Math.Max(total, 0) + changed;
                }

                return true;
            });
            return total;
        }
        catch (DuckDbException e) when (e.ErrorType == DuckDbErrorType.Interrupt)
        {
            throw TranslateInterrupt(e, cancellationToken);
        }
        finally
        {
            session.EndUserAction();
        }
    }

    private DuckDbDataReader ExecuteReaderCore(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        var session = CheckReady();
        session.StartUserAction(SessionState.Executing);
        Interlocked.Exchange(ref _operation, session.Generation);
        try
        {
            using var cancel = RegisterCancellation(session, cancellationToken);
            var reader = new DuckDbDataReader(this, session, behavior);
            reader.Start();
            return reader;
        }
        catch (DuckDbException e) when (e.ErrorType == DuckDbErrorType.Interrupt)
        {
            session.EndUserAction();
            throw TranslateInterrupt(e, cancellationToken);
        }
        catch
        {
            session.EndUserAction();
            throw;
        }
    }

    /// <summary>Opens a cursor over the command's statements: the cached prepared statement, or the text split anew.</summary>
    internal StatementCursor OpenStatements(DuckDbSession session)
    {
        if (_cached is not null && ReferenceEquals(_cachedFor, session))
        {
            return new StatementCursor(this, session, runner: null, single: _cached);
        }

        var runner = StatementRunner.Extract(session, _commandText);
        return new StatementCursor(this, session, runner, single: null);
    }

    private void ForEachStatement(DuckDbSession session, Func<DuckDbPreparedStatementHandle, int, bool> body)
    {
        using var cursor = OpenStatements(session);
        while (cursor.TryNext(out var statement, out var index))
        {
            if (!body(statement, index))
            {
                return;
            }
        }
    }

    /// <summary>Keeps a single-statement command's prepared statement for the next execution.</summary>
    internal bool TryCache(DuckDbSession session, DuckDbPreparedStatementHandle statement)
    {
        if (_cached is not null)
        {
            return ReferenceEquals(_cached, statement);
        }

        _cached = statement;
        _cachedFor = session;
        session.Adopt(statement);
        return true;
    }

    private void DropCachedStatement()
    {
        _cachedFor?.Release(_cached);
        _cached = null;
        _cachedFor = null;
    }

    private DuckDbSession CheckReady()
    {
        var connection = _connection ?? throw new InvalidOperationException("The command has no connection.");
        var session = connection.Session;
        if (DbTransaction is not null && !ReferenceEquals(DbTransaction.Connection, connection))
        {
            throw new InvalidOperationException("The command's transaction belongs to another connection.");
        }

        return session;
    }

    private IDisposable? RegisterCancellation(DuckDbSession session, CancellationToken cancellationToken)
    {
        _timedOut = false;
        if (CommandTimeout <= 0 && !cancellationToken.CanBeCanceled)
        {
            return null;
        }

        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (CommandTimeout > 0)
        {
            source.CancelAfter(TimeSpan.FromSeconds(CommandTimeout));
        }

        var scope = new CancellationScope(source);
        var generation = session.Generation;
        scope.Registration = source.Token.Register(() =>
        {
            _timedOut = !cancellationToken.IsCancellationRequested;
            // An interrupt that lands while DuckDB is still starting the query can be lost (the engine clears the
            // flag when execution begins), so keep interrupting until the command has given the session back.
            _ = Task.Run(async () =>
            {
                while (!scope.IsDisposed && session.State is SessionState.Executing or SessionState.Fetching)
                {
                    session.Interrupt(generation);
                    await Task.Delay(50).ConfigureAwait(false);
                }
            });
        });
        return scope;
    }

    internal Exception TranslateInterrupt(DuckDbException interrupt, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException("The DuckDB query was cancelled.", interrupt, cancellationToken);
        }

        return _timedOut
            ? new TimeoutException($"The DuckDB query did not finish within CommandTimeout ({CommandTimeout} s) and was interrupted. [SQL: {ThrowHelper.FirstLine(_commandText)}]", interrupt)
            : interrupt;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DropCachedStatement();
        }

        base.Dispose(disposing);
    }

    private sealed class CancellationScope(CancellationTokenSource source) : IDisposable
    {
        private volatile bool _disposed;

        public CancellationTokenRegistration Registration { get; set; }

        public bool IsDisposed => _disposed;

        public void Dispose()
        {
            _disposed = true;
            Registration.Dispose();
            source.Dispose();
        }
    }
}
