using System.Data.Common;
using Logbook.Core.Querying;
using Logbook.Core.Replication;
using Logbook.Core.Warehouses;

namespace Logbook.Replication;

/// <summary>
/// The stream's tables in the warehouse: the target (source columns, then derived columns, then
/// <c>_logbook_synced_at</c>), and the work tables a run rebuilds: <c>_logbook_stage_*</c> (one batch, as read),
/// <c>_logbook_full_*</c> (a full reload before its swap) and <c>_logbook_seen_*</c> (keys seen in a look-back window).
/// </summary>
internal sealed class TargetTables(IWarehouse warehouse, string schema, ReplicationStream stream, SourceTable source)
{
    public const string SyncedAtColumn = "_logbook_synced_at";

    private readonly WarehouseKind _kind = warehouse.Kind;

    public string Target => SqlIdentifier.Qualified(schema, stream.TargetTable);

    public string StageName => "_logbook_stage_" + stream.TargetTable;

    /// <summary>
    /// DuckDB: a temporary table (in memory, per connection), so a batch's staged rows never reach the WAL and each
    /// commit writes only the target's rows. PostgreSQL: an unlogged table in the stream's schema.
    /// </summary>
    public string Stage => _kind == WarehouseKind.Postgres ? SqlIdentifier.Qualified(schema, StageName) : SqlIdentifier.Qualified("temp", "main") + "." + SqlIdentifier.Quote(StageName);

    /// <summary>The schema <see cref="StageName"/> is bulk-loaded through.</summary>
    public string StageSchema => _kind == WarehouseKind.Postgres ? schema : "main";

    public string Full => SqlIdentifier.Qualified(schema, "_logbook_full_" + stream.TargetTable);

    public string Seen => SqlIdentifier.Qualified(schema, "_logbook_seen_" + stream.TargetTable);

    public string Key => SqlIdentifier.Quote(stream.KeyColumn);

    /// <summary>
    /// Creates the target, or checks it: a column whose type cannot hold the source's is refused (naming both
    /// types); source columns it lacks are added. Then rebuilds the stage table in the source's current shape.
    /// </summary>
    public void Prepare(DbConnection connection)
    {
        var existing = Columns(connection, stream.TargetTable);
        TargetHasUniqueKey = _kind == WarehouseKind.Postgres && (existing.Count == 0 || HasUniqueKey(connection));
        if (existing.Count == 0)
        {
            var columns = source.Columns.Select(c => $"{SqlIdentifier.Quote(c.Name)} {TargetTypes.Of(c, _kind)}")
                .Concat(stream.Derived.Select(d => $"{SqlIdentifier.Quote(d.Name)} {TargetTypes.Of(d.Type, _kind)}"))
                .Append($"{SqlIdentifier.Quote(SyncedAtColumn)} timestamptz");
            // PostgreSQL's upsert finds a batch's rows by key through the primary key's index; DuckDB scans (its
            // ART indexes would cost more on every insert than they save).
            var key = _kind == WarehouseKind.Postgres ? $", primary key ({Key})" : string.Empty;
            DbCommands.Execute(connection, null, $"create table if not exists {Target} ({string.Join(", ", columns)}{key})");
        }
        else
        {
            var wanted = source.Columns.Select(c => (c.Name, Type: TargetTypes.Of(c, _kind), From: c.SourceType))
                .Concat(stream.Derived.Select(d => (d.Name, Type: TargetTypes.Of(d.Type, _kind), From: $"derived from {d.PathText}")))
                .Append((SyncedAtColumn, "timestamptz", "Logbook's load time"));
            foreach (var (name, type, from) in wanted)
            {
                if (existing.TryGetValue(name, out var dataType))
                {
                    if (!TargetTypes.Accepts(dataType, type))
                    {
                        throw new ReplicationException(
                            $"the destination column {schema}.{stream.TargetTable}.{name} is {dataType}, which cannot hold the source's {from} ({type}); drop or rename the table (or the column) and sync again");
                    }
                }
                else
                {
                    DbCommands.Execute(connection, null, $"alter table {Target} add column {SqlIdentifier.Quote(name)} {type}");
                }
            }
        }

        DbCommands.Execute(connection, null, $"drop table if exists {Stage}");
        DbCommands.Execute(connection, null, CreateStage(orReplace: false));
    }

    /// <summary>
    /// Empties the stage for the next batch. PostgreSQL: <c>truncate</c>, not delete, or the stage keeps every earlier
    /// batch as dead rows until autovacuum and each statement reading it scans them all (833 ms a batch by the end of
    /// the 5M-row benchmark). DuckDB: the temporary table is made again, as a delete would keep the deleted rows'
    /// memory (no checkpoint ever vacuums a temporary table: the 5M-row benchmark's process passed 9.5 GiB).
    /// </summary>
    public string EmptyStage => _kind == WarehouseKind.Postgres ? $"truncate {Stage}" : CreateStage(orReplace: true);

    private string CreateStage(bool orReplace) =>
        $"create {(orReplace ? "or replace " : string.Empty)}{(_kind == WarehouseKind.Postgres ? "unlogged " : "temporary ")}table {Stage} ({string.Join(", ", source.Columns.Select(c => $"{SqlIdentifier.Quote(c.Name)} {TargetTypes.Of(c, _kind)}"))})";

    /// <summary>A fresh, empty copy of the target's shape, for a full reload.</summary>
    public void CreateFull(DbConnection connection)
    {
        DbCommands.Execute(connection, null, $"drop table if exists {Full}");
        DbCommands.Execute(connection, null, $"create table {Full} as select * from {Target} limit 0");
    }

    public void CreateSeen(DbConnection connection)
    {
        DbCommands.Execute(connection, null, $"drop table if exists {Seen}");
        DbCommands.Execute(connection, null, $"create table {Seen} as select {Key} from {Target} limit 0");
    }

    public void DropWorkTables(DbConnection connection)
    {
        foreach (var table in new[] { Stage, Full, Seen })
        {
            DbCommands.Execute(connection, null, $"drop table if exists {table}");
        }
    }

    /// <summary>True when the target is on PostgreSQL with a primary key or unique index on the key alone (set by <see cref="Prepare"/>).</summary>
    public bool TargetHasUniqueKey { get; private set; }

    /// <summary>
    /// The statements that put the staged batch into <paramref name="destination"/> in place of its rows with the
    /// same keys, deriving the JSON columns on the way ($1: the load time). Into a PostgreSQL target with a unique key,
    /// one <c>insert ... on conflict do update</c>, which finds an existing row through the insert's own index probe
    /// (a separate delete by key cost 88 ms a batch in the benchmark); otherwise a delete by key, then an insert.
    /// </summary>
    public IReadOnlyList<(string Sql, bool TakesLoadTime)> UpsertFromStage(string destination)
    {
        var names = source.Columns.Select(c => SqlIdentifier.Quote(c.Name)).ToList();
        var targetColumns = names.Concat(stream.Derived.Select(d => SqlIdentifier.Quote(d.Name))).Append(SqlIdentifier.Quote(SyncedAtColumn)).ToList();
        var values = names.Concat(stream.Derived.Select(d => TargetTypes.DerivedExpression(d, _kind))).Append("$1");
        var insert = $"insert into {destination} ({string.Join(", ", targetColumns)}) select {string.Join(", ", values)} from {Stage}";
        if (TargetHasUniqueKey && destination == Target)
        {
            var updates = targetColumns.Where(c => c != Key).Select(c => $"{c} = excluded.{c}");
            return [($"{insert} on conflict ({Key}) do update set {string.Join(", ", updates)}", true)];
        }

        return [($"delete from {destination} where {Key} in (select {Key} from {Stage})", false), (insert, true)];
    }

    private bool HasUniqueKey(DbConnection connection) =>
        DbCommands.Rows(
            connection,
            null,
            """
            select 1
            from pg_index i
            join pg_class c on c.oid = i.indrelid
            join pg_namespace n on n.oid = c.relnamespace
            join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
            where n.nspname = $1 and c.relname = $2 and a.attname = $3
              and i.indisunique and i.indnkeyatts = 1 and i.indpred is null and i.indexprs is null
            """,
            schema,
            stream.TargetTable,
            stream.KeyColumn).Count > 0;

    private Dictionary<string, string> Columns(DbConnection connection, string table) =>
        DbCommands.Rows(connection, null, "select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = $2", schema, table)
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!, StringComparer.Ordinal);
}
