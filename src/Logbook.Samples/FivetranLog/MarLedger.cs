namespace Logbook.Samples.FivetranLog;

/// <summary>How a day's rows of a table count: the <c>free_type</c> and <c>sync_type</c> of <c>incremental_mar</c>.</summary>
internal enum MarKind
{
    /// <summary>PAID, INCREMENTAL.</summary>
    Paid,

    /// <summary>HISTORICAL (free), HISTORICAL: a new connection's initial sync.</summary>
    Historical,

    /// <summary>FREE_TRIAL, INCREMENTAL: a new connection's first 14 days.</summary>
    FreeTrial,

    /// <summary>PAID, HISTORICAL: a re-sync a user asked for.</summary>
    Resync,

    /// <summary>PAID, UNKNOWN: files and events, which have no sync type.</summary>
    Unknown,
}

/// <summary>One measured (connection, table, day, kind) with the rows it changed.</summary>
internal sealed record MarEntry(SampleConnection Connection, ConnectionTable Table, int Day, MarKind Kind, long RowsChanged);

/// <summary>Adds up the rows each sync changes per (table, UTC day, kind), for <c>incremental_mar</c> and the monthly bills.</summary>
internal sealed class MarLedger(DateTime start)
{
    private readonly Dictionary<(int Connection, int Table, int Day, MarKind Kind), long> _changed = [];
    private readonly Dictionary<int, SampleConnection> _connections = [];

    public void Add(SampleConnection connection, ConnectionTable table, DateTime time, MarKind kind, long rows)
    {
        _connections.TryAdd(connection.Index, connection);
        var key = (connection.Index, table.Index, (int)(time - start).TotalDays, kind);
        _changed[key] = _changed.GetValueOrDefault(key) + rows;
    }

    /// <summary>The entries in a stable order: connection, table, day, kind.</summary>
    public IEnumerable<MarEntry> Entries()
    {
        return _changed
            .OrderBy(e => e.Key.Connection).ThenBy(e => e.Key.Table).ThenBy(e => e.Key.Day).ThenBy(e => e.Key.Kind)
            .Select(e =>
            {
                var connection = _connections[e.Key.Connection];
                return new MarEntry(connection, connection.Tables[e.Key.Table], e.Key.Day, e.Key.Kind, e.Value);
            });
    }
}
