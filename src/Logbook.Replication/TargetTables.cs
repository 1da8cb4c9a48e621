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
        var stageColumns = source.Columns.Select(c => $"{SqlIdentifier.Quote(c.Name)} {TargetTypes.Of(c, _kind)}");
        DbCommands.Execute(connection, null, $"create {(_kind == WarehouseKind.Postgres ? "unlogged " : "temporary ")}table {Stage} ({string.Join(", ", stageColumns)})");
    }

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

    /// <summary>The INSERT that moves the staged batch into <paramref name="destination"/>, deriving the JSON columns on the way ($1: the load time).</summary>
    public string InsertFromStage(string destination)
    {
        var names = source.Columns.Select(c => SqlIdentifier.Quote(c.Name)).ToList();
        var targetColumns = names.Concat(stream.Derived.Select(d => SqlIdentifier.Quote(d.Name))).Append(SqlIdentifier.Quote(SyncedAtColumn));
        var values = names.Concat(stream.Derived.Select(d => TargetTypes.DerivedExpression(d, _kind))).Append("$1");
        return $"insert into {destination} ({string.Join(", ", targetColumns)}) select {string.Join(", ", values)} from {Stage}";
    }

    private Dictionary<string, string> Columns(DbConnection connection, string table) =>
        DbCommands.Rows(connection, null, "select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = $2", schema, table)
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!, StringComparer.Ordinal);
}
