using Logbook.Core.Replication;

namespace Logbook.Server.Tests;

/// <summary>
/// A replication source in memory for the shipped streams' tables (<c>id</c> text key, <c>created_at</c> cursor, two
/// JSON columns the derived columns read): the real replicator runs against it, so <c>analytics_sync_runs</c>,
/// <c>ai_audit_sync_state</c> and the audit log hold what a real sync writes. A table in <see cref="Failing"/> fails
/// its run.
/// </summary>
internal sealed class MemoryReplicationSource : IReplicationSource
{
    private readonly Dictionary<string, List<object?[]>> _tables = new(StringComparer.Ordinal);
    private int _next;

    public HashSet<string> Failing { get; } = new(StringComparer.Ordinal);

    /// <summary>The source's clock (UTC): rows are written up to it and reads are bounded by it; null is the real time.</summary>
    public DateTime? Clock { get; set; }

    public string Description => "in-memory test source";

    /// <summary>
    /// Adds <paramref name="count"/> rows to <paramref name="table"/>, created evenly from the table's newest row (or
    /// <paramref name="ago"/> before <see cref="Clock"/>, for the first) until the clock, as an application writing in
    /// time order does.
    /// </summary>
    public void Add(string table, int count, TimeSpan ago)
    {
        if (!_tables.TryGetValue(table, out var rows))
        {
            _tables[table] = rows = [];
        }

        var now = Clock ?? DateTime.UtcNow;
        var start = rows.Count == 0 ? now - ago : rows.Max(r => (DateTime)r[1]!).AddMilliseconds(1);
        for (var i = 0; i < count; i++)
        {
            var id = $"r{++_next:D8}";
            var createdAt = start + TimeSpan.FromTicks((now - start).Ticks * i / Math.Max(count, 1));
            rows.Add([id, createdAt, $$"""{"durationMs": {{_next % 900}}}""", $$"""{"workspaceSnapshotId": "ws-{{_next % 7}}"}"""]);
        }
    }

    public SourceTable Describe(string schema, string table)
    {
        if (Failing.Contains(table))
        {
            throw new ReplicationException($"the source table {schema}.{table} could not be read (test failure)");
        }

        if (!_tables.ContainsKey(table))
        {
            throw new ReplicationException($"the source table {schema}.{table} does not exist");
        }

        return new SourceTable(
            schema,
            table,
            [
                new SourceColumn("id", "text", SourceColumnKind.Text),
                new SourceColumn("created_at", "timestamp with time zone", SourceColumnKind.TimestampTz),
                new SourceColumn("response_metadata", "jsonb", SourceColumnKind.Json),
                new SourceColumn("request_metadata", "jsonb", SourceColumnKind.Json),
            ],
            new HashSet<string>(["id"], StringComparer.Ordinal));
    }

    public SourceBound Bound(TimeSpan safetyLag)
    {
        var now = Clock ?? DateTime.UtcNow;
        return new SourceBound(now, now - safetyLag, null, SeesAllSessions: true);
    }

    public long CountNulls(SourceTable table, string column) => 0;

    public void ReadPage(SourceTable table, string cursorColumn, string keyColumn, CursorPosition? after, DateTime upper, CursorPosition? through, SourcePage page, CancellationToken cancellationToken)
    {
        page.Clear();
        foreach (var row in Ordered(table.Name)
            .Where(r => after is null || Compare(r, after) > 0)
            .Where(r => (DateTime)r[1]! < upper)
            .Where(r => through is null || Compare(r, through) <= 0)
            .Take(page.Capacity))
        {
            page.BeginRow();
            foreach (var value in row)
            {
                page.SetValue(value);
            }

            page.EndRow();
        }
    }

    public (DateTime? OldestPending, DateTime? Max) Progress(SourceTable table, string cursorColumn, string keyColumn, CursorPosition? after)
    {
        var rows = Ordered(table.Name).ToList();
        var pending = rows.FirstOrDefault(r => after is null || Compare(r, after) > 0);
        return (pending?[1] as DateTime?, rows.Count == 0 ? null : (DateTime)rows[^1][1]!);
    }

    public void Dispose()
    {
    }

    private IEnumerable<object?[]> Ordered(string table) =>
        _tables[table].OrderBy(r => (DateTime)r[1]!).ThenBy(r => (string)r[0]!, StringComparer.Ordinal);

    private static int Compare(object?[] row, CursorPosition position)
    {
        var byTime = ((DateTime)row[1]!).CompareTo(position.Timestamp);
        return byTime != 0 ? byTime : string.CompareOrdinal((string)row[0]!, position.Key);
    }
}
