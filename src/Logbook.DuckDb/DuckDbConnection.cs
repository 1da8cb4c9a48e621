using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Logbook.DuckDb.Internal;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb;

/// <summary>
/// A connection to a DuckDB database. Like every DuckDB connection it serves one thread at a time: share the
/// database, not the connection (open one connection per thread; they see one another's committed data).
/// Using a closed or disposed connection throws <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class DuckDbConnection : DbConnection
{
    private string _connectionString = string.Empty;
    private DuckDbConnectionStringBuilder _settings = new();
    private DuckDbSession? _session;
    private bool _disposed;

    public DuckDbConnection()
    {
    }

    /// <param name="connectionString">A connection string, or just a database path or <c>:memory:</c>.</param>
    public DuckDbConnection(string connectionString)
    {
        ConnectionString = connectionString;
    }

    /// <inheritdoc />
    [AllowNull]
    public override string ConnectionString
    {
        get => _connectionString;
        set
        {
            if (_session is not null)
            {
                throw new InvalidOperationException("The connection string cannot change while the connection is open.");
            }

            _connectionString = value ?? string.Empty;
            _settings = new DuckDbConnectionStringBuilder(_connectionString);
        }
    }

    /// <summary>DuckDB has one catalog per database; this is its name.</summary>
    public override string Database => "main";

    /// <inheritdoc />
    public override string DataSource => _settings.DataSource;

    /// <summary>The DuckDB library version, for example <c>v1.5.6</c>.</summary>
    public override string ServerVersion => LibraryVersion;

    /// <summary>The version of the loaded libduckdb.</summary>
    public static string LibraryVersion => NativeStrings.ReadBorrowed(NativeMethods.Startup.DuckDbLibraryVersion()) ?? "unknown";

    /// <inheritdoc />
    public override ConnectionState State => _session is null ? ConnectionState.Closed : ConnectionState.Open;

    /// <summary>The transaction in progress, if any.</summary>
    internal DuckDbTransaction? CurrentTransaction { get; set; }

    /// <inheritdoc />
    protected override DbProviderFactory DbProviderFactory => DuckDbFactory.Instance;

    internal DuckDbSession Session
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_session is null)
            {
                ThrowHelper.ThrowConnectionClosed();
            }

            return _session;
        }
    }

    /// <inheritdoc />
    public override void Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_session is not null)
        {
            throw new InvalidOperationException("The connection is already open.");
        }

        var session = DuckDbSession.Open(_settings.DataSource, _settings.EngineOptions());
        try
        {
            var timeZone = _settings.TimeZone;
            if (timeZone.Length > 0)
            {
                Execute(session, $"SET SESSION TimeZone = '{timeZone.Replace("'", "''", StringComparison.Ordinal)}'");
            }
        }
        catch
        {
            session.Dispose();
            throw;
        }

        _session = session;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Closed, ConnectionState.Open));
    }

    /// <inheritdoc />
    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Open();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override void Close()
    {
        if (_session is null)
        {
            return;
        }

        // An open transaction dies with the native connection, which rolls it back.
        CurrentTransaction?.MarkCompleted();
        CurrentTransaction = null;
        _session.Dispose();
        _session = null;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
    }

    /// <summary>DuckDB has a single catalog per connection; changing it is not supported (use ATTACH and USE in SQL).</summary>
    public override void ChangeDatabase(string databaseName) =>
        throw new NotSupportedException("DuckDB connections have one database; use ATTACH and USE in SQL instead.");

    /// <inheritdoc cref="DbConnection.BeginTransaction()" />
    public new DuckDbTransaction BeginTransaction() => BeginTransaction(IsolationLevel.Unspecified);

    /// <inheritdoc cref="DbConnection.BeginTransaction(IsolationLevel)" />
    public new DuckDbTransaction BeginTransaction(IsolationLevel isolationLevel) => (DuckDbTransaction)BeginDbTransaction(isolationLevel);

    /// <inheritdoc />
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
    {
        if (isolationLevel is not (IsolationLevel.Unspecified or IsolationLevel.Snapshot or IsolationLevel.Serializable))
        {
            throw new NotSupportedException($"DuckDB transactions run under snapshot isolation; {isolationLevel} is not available.");
        }

        if (CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A transaction is already in progress on this connection; DuckDB does not nest transactions.");
        }

        Execute(Session, "BEGIN TRANSACTION");
        CurrentTransaction = new DuckDbTransaction(this);
        return CurrentTransaction;
    }

    /// <inheritdoc cref="DbConnection.CreateCommand" />
    public new DuckDbCommand CreateCommand() => new() { Connection = this };

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand() => CreateCommand();

    /// <summary>Opens a bulk appender on <paramref name="table"/> in the default schema.</summary>
    public DuckDbAppender CreateAppender(string table) => CreateAppender(schema: null, table);

    /// <summary>Opens a bulk appender on <paramref name="schema"/>.<paramref name="table"/>.</summary>
    public DuckDbAppender CreateAppender(string? schema, string table) => new(this, schema, table);

    /// <summary>Runs a statement on the session directly (no parameters, no result).</summary>
    internal static void Execute(DuckDbSession session, string sql)
    {
        session.StartUserAction(SessionState.Executing);
        try
        {
            using var result = DuckDbResultHandle.Allocate();
            if (NativeMethods.Query.DuckDbQuery(session.Connection, sql, result) != DuckDbState.Success)
            {
                ThrowHelper.ThrowEngineError(
                    NativeStrings.ReadBorrowed(NativeMethods.Query.DuckDbResultError(result)),
                    NativeMethods.Query.DuckDbResultErrorType(result),
                    sql);
            }
        }
        finally
        {
            session.EndUserAction();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            Close();
            _disposed = true;
        }

        base.Dispose(disposing);
    }
}
