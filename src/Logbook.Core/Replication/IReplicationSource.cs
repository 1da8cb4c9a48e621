namespace Logbook.Core.Replication;

/// <summary>
/// A database rows are replicated from (PostgreSQL). Implementations read only: they never write to the source.
/// Every method opens and closes what it needs, so one source serves consecutive runs.
/// </summary>
public interface IReplicationSource : IDisposable
{
    /// <summary>A one-line description (server, database, user); never contains a secret.</summary>
    string Description { get; }

    /// <summary>The table's columns; throws <see cref="ReplicationException"/> when it does not exist.</summary>
    SourceTable Describe(string schema, string table);

    /// <summary>
    /// The exclusive upper bound of what a run may read, computed in one statement on the source before any
    /// read: the database's time minus <paramref name="safetyLag"/>, and no later than the start of the oldest
    /// transaction still open (a row it writes may carry a time before its commit).
    /// </summary>
    SourceBound Bound(TimeSpan safetyLag);

    /// <summary>How many rows have a NULL in <paramref name="column"/> (such rows are invisible to a cursor).</summary>
    long CountNulls(SourceTable table, string column);

    /// <summary>
    /// Fills <paramref name="page"/> (cleared first) with up to its capacity of rows after <paramref name="after"/>
    /// (exclusive; null: from the start), with a cursor before <paramref name="upper"/> and, when given, at or before
    /// <paramref name="through"/>, ordered by <c>(cursor, key)</c>: one value per column of <paramref name="table"/>, in its order.
    /// </summary>
    void ReadPage(SourceTable table, string cursorColumn, string keyColumn, CursorPosition? after, DateTime upper, CursorPosition? through, SourcePage page, CancellationToken cancellationToken);

    /// <summary>The oldest cursor value after <paramref name="after"/> (the first row not replicated yet), or null; and the largest cursor value of the table.</summary>
    (DateTime? OldestPending, DateTime? Max) Progress(SourceTable table, string cursorColumn, string keyColumn, CursorPosition? after);
}

/// <summary>The bound a run reads up to, and what it was computed from (all UTC, on the source's clock).</summary>
public sealed record SourceBound(DateTime Now, DateTime Upper, DateTime? OldestOpenTransaction, bool SeesAllSessions);

/// <summary>A replication problem with a clear, one-line message (missing table or key, NULL cursors, conflicting columns...).</summary>
public sealed class ReplicationException(string message, Exception? inner = null) : Exception(message, inner);
