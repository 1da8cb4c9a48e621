using System.Data;
using System.Data.Common;

namespace Logbook.DuckDb;

/// <summary>A DuckDB transaction (snapshot isolation). Disposing it without a commit rolls it back.</summary>
public sealed class DuckDbTransaction : DbTransaction
{
    private DuckDbConnection? _connection;

    internal DuckDbTransaction(DuckDbConnection connection)
    {
        _connection = connection;
    }

    /// <inheritdoc />
    public override IsolationLevel IsolationLevel => IsolationLevel.Snapshot;

    /// <inheritdoc />
    protected override DbConnection? DbConnection => _connection;

    /// <summary>True once committed or rolled back.</summary>
    public bool IsCompleted => _connection is null;

    /// <inheritdoc />
    public override void Commit() => Complete("COMMIT");

    /// <inheritdoc />
    public override void Rollback() => Complete("ROLLBACK");

    internal void MarkCompleted() => _connection = null;

    private void Complete(string sql)
    {
        var connection = _connection ?? throw new InvalidOperationException("The transaction has already been committed or rolled back.");
        // The transaction is over whatever COMMIT returns: DuckDB rolls back a transaction whose commit fails.
        _connection = null;
        connection.CurrentTransaction = null;
        DuckDbConnection.Execute(connection.Session, sql);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _connection is { State: ConnectionState.Open })
        {
            Rollback();
        }

        base.Dispose(disposing);
    }
}
