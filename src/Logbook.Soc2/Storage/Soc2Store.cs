using System.Data.Common;
using Logbook.Core.Querying;
using Logbook.Core.Warehouses;

namespace Logbook.Soc2.Storage;

/// <summary>A crawl item: one entity or membership a run has read, as JSON, in the order it was read.</summary>
internal sealed record CrawlItem(string Kind, long Ordinal, string? EntityId, string? ParentId, string Payload);

/// <summary>Where a run in progress stands.</summary>
internal sealed record Checkpoint(string RunId, string Phase, long Position, DateTime StartedAt);

/// <summary>
/// The connector's tables in the warehouse. Values are parameters and identifiers quoted. Every write that must
/// be all-or-nothing goes through <see cref="InTransaction"/>: items read and the checkpoint that covers them are
/// committed together (dlt's rule: state is committed with the data), and publishing replaces every output table
/// in one transaction.
/// </summary>
internal sealed class Soc2Store(IWarehouse warehouse, string schema)
{
    private const string ConnectorKey = "soc2";

    public string Schema { get; } = schema;

    public IWarehouse Warehouse { get; } = warehouse;

    public string Table(TableSpec table) => Sql.Table(Schema, table.Name);

    public void EnsureTables()
    {
        using var connection = Warehouse.OpenConnection();
        Execute(connection, null, $"create schema if not exists {Sql.Quote(Schema)}");
        foreach (var table in Soc2Tables.All)
        {
            Execute(connection, null, table.CreateSql(Schema));
        }
    }

    public Checkpoint? ReadCheckpoint()
    {
        using var connection = Warehouse.OpenConnection();
        using var reader = Query(connection, null, $"select run_id, phase, position, started_at from {Table(Soc2Tables.Checkpoint)} where connector = $1", ConnectorKey);
        return reader.Read() ? new Checkpoint(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetDateTime(3)) : null;
    }

    public IReadOnlyList<CrawlItem> ReadItems(string runId)
    {
        using var connection = Warehouse.OpenConnection();
        using var reader = Query(connection, null, $"select kind, ordinal, entity_id, parent_id, payload from {Table(Soc2Tables.CrawlItems)} where run_id = $1 order by kind, ordinal", runId);
        var items = new List<CrawlItem>();
        while (reader.Read())
        {
            items.Add(new CrawlItem(reader.GetString(0), reader.GetInt64(1), NullableString(reader, 2), NullableString(reader, 3), reader.GetString(4)));
        }

        return items;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction on a fresh connection; rolls back on any exception.</summary>
    public void InTransaction(Action<Writer> work)
    {
        using var connection = Warehouse.OpenConnection();
        using var transaction = connection.BeginTransaction();
        work(new Writer(this, connection, transaction));
        transaction.Commit();
    }

    internal static void Execute(DbConnection connection, DbTransaction? transaction, string sql, params object?[] values)
    {
        using var command = Command(connection, transaction, sql, values);
        command.ExecuteNonQuery();
    }

    internal static DbDataReader Query(DbConnection connection, DbTransaction? transaction, string sql, params object?[] values)
    {
        var command = Command(connection, transaction, sql, values);
        return command.ExecuteReader(System.Data.CommandBehavior.Default);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, object?[] values) =>
        DbCommands.Create(connection, transaction, sql, values);

    internal static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal static DateTime? NullableTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDateTime(ordinal);

    /// <summary>The writes of one transaction.</summary>
    internal sealed class Writer(Soc2Store store, DbConnection connection, DbTransaction transaction)
    {
        public DbConnection Connection => connection;

        public DbTransaction Transaction => transaction;

        public void Execute(string sql, params object?[] values) => Soc2Store.Execute(connection, transaction, sql, values);

        public DbDataReader Query(string sql, params object?[] values) => Soc2Store.Query(connection, transaction, sql, values);

        /// <summary>Appends rows to <paramref name="table"/>; each row has one value per column, in the spec's order.</summary>
        public long Append(TableSpec table, IEnumerable<object?[]> rows)
        {
            using var writer = store.Warehouse.OpenBulkWriter(connection, store.Schema, table.Name);
            foreach (var row in rows)
            {
                if (row.Length != table.Columns.Length)
                {
                    throw new InvalidOperationException($"{table.Name}: a row has {row.Length} values for {table.Columns.Length} columns");
                }

                foreach (var value in row)
                {
                    _ = value switch
                    {
                        null => writer.WriteNull(),
                        string s => writer.Write(s),
                        long l => writer.Write(l),
                        int i => writer.Write((long)i),
                        double d => writer.Write(d),
                        bool b => writer.Write(b),
                        DateTime t => writer.Write(t),
                        DateTimeOffset o => writer.Write(o.UtcDateTime),
                        _ => throw new InvalidOperationException($"{table.Name}: no bulk conversion for {value.GetType().Name}"),
                    };
                }

                writer.EndRow();
            }

            return writer.Complete();
        }

        public void Replace(TableSpec table, IEnumerable<object?[]> rows)
        {
            Execute($"delete from {store.Table(table)}");
            Append(table, rows);
        }

        public void SetCheckpoint(string runId, string phase, long position, DateTime startedAt)
        {
            Execute($"delete from {store.Table(Soc2Tables.Checkpoint)} where connector = $1", ConnectorKey);
            Execute($"insert into {store.Table(Soc2Tables.Checkpoint)} values ($1, $2, $3, $4, $5, $6)", ConnectorKey, runId, phase, position, startedAt, DateTime.UtcNow);
        }

        public void ClearRun(string runId)
        {
            Execute($"delete from {store.Table(Soc2Tables.CrawlItems)} where run_id = $1", runId);
            Execute($"delete from {store.Table(Soc2Tables.Checkpoint)} where connector = $1", ConnectorKey);
        }
    }
}
