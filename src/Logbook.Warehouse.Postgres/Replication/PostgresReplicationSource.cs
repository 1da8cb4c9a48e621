using Logbook.Core.Configuration;
using Logbook.Core.Replication;
using Logbook.Core.Warehouses;
using Npgsql;
using NpgsqlTypes;

namespace Logbook.Warehouse.Postgres.Replication;

/// <summary>
/// A PostgreSQL database replicated from: the catalog read for columns and unique keys, the read bound from
/// <c>pg_stat_activity</c>, and keyset pages on the row comparison <c>(cursor, key) &gt; (@ts, @key)</c>, which a
/// btree index on <c>(cursor, key)</c> serves. Values are read with typed getters; timestamps without time zone
/// are converted to UTC on the server, in its <c>TimeZone</c>. It only reads.
/// </summary>
public sealed class PostgresReplicationSource : IReplicationSource
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _where;

    private PostgresReplicationSource(NpgsqlConnectionStringBuilder builder)
    {
        // A sync reads for as long as a page takes; the target's command_timeout (default none) applies.
        builder.ApplicationName ??= "logbook-sync";
        _where = $"source PostgreSQL at {builder.Host}:{builder.Port}/{builder.Database}";
        Description = $"PostgreSQL database {builder.Database} on {builder.Host}:{builder.Port}{(builder.Username is null ? string.Empty : " as " + builder.Username)}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public string Description { get; }

    /// <summary>A source from a <c>type: postgres</c> target (its keys, <c>url</c> or <c>connection_string</c>).</summary>
    public static PostgresReplicationSource FromTarget(WarehouseTarget target) => new(PostgresTargetSettings.Build(target));

    /// <summary>A source from a <c>postgres://user:password@host:port/db</c> URL, as <c>DATABASE_URL</c> holds it.</summary>
    public static PostgresReplicationSource FromUrl(string url, string variableName)
    {
        try
        {
            var builder = PostgresTargetSettings.FromUrl(url);
            builder.CommandTimeout = 0;
            return new PostgresReplicationSource(builder);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            throw new LogbookConfigurationException($"{variableName} is not a valid postgres:// URL: {e.Message.Split('\n')[0]}");
        }
    }

    public SourceTable Describe(string schema, string table)
    {
        using var connection = Open();
        var columns = new List<SourceColumn>();
        using (var command = Command(connection, ColumnsSql, schema, table))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add(PostgresColumnTypes.Map(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            }
        }

        if (columns.Count == 0)
        {
            throw new ReplicationException($"the source table {schema}.{table} does not exist in {_where} (or the sync's role cannot see it)");
        }

        var unique = new HashSet<string>(StringComparer.Ordinal);
        using (var command = Command(connection, UniqueColumnsSql, schema, table))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                unique.Add(reader.GetString(0));
            }
        }

        return new SourceTable(schema, table, columns, unique);
    }

    public SourceBound Bound(TimeSpan safetyLag)
    {
        using var connection = Open();
        using var command = Command(connection, BoundSql);
        using var reader = command.ExecuteReader();
        reader.Read();
        var now = reader.GetFieldValue<DateTime>(0);
        DateTime? oldest = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTime>(1);
        var seesAll = reader.GetBoolean(2);
        var upper = now - safetyLag;
        if (oldest is { } open && open < upper)
        {
            upper = open;
        }

        return new SourceBound(now, upper, oldest, seesAll);
    }

    public long CountNulls(SourceTable table, string column)
    {
        using var connection = Open();
        using var command = Command(connection, $"select count(*) from {SqlIdentifier.Qualified(table.Schema, table.Name)} where {SqlIdentifier.Quote(column)} is null");
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void ReadPage(SourceTable table, string cursorColumn, string keyColumn, CursorPosition? after, DateTime upper, CursorPosition? through, SourcePage page, CancellationToken cancellationToken)
    {
        // Built per page (microseconds): a cache keyed by the described table would grow with every run of a long-lived server.
        var sql = PageSql(table, cursorColumn, keyColumn, after is null ? 0 : after.Key is null ? 1 : 2, through is not null);
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = Utc(upper) });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = page.Capacity });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = after is null ? DBNull.Value : Utc(after.Timestamp) });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)after?.Key ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = through is null ? DBNull.Value : Utc(through.Timestamp) });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)through?.Key ?? DBNull.Value });

        var readers = table.Columns.Select(PostgresColumnTypes.Reader).ToArray();
        page.Clear();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            page.BeginRow();
            for (var i = 0; i < readers.Length; i++)
            {
                if (reader.IsDBNull(i))
                {
                    page.SetNull();
                }
                else
                {
                    readers[i](reader, i, page);
                }
            }

            page.EndRow();
        }
    }

    public (DateTime? OldestPending, DateTime? Max) Progress(SourceTable table, string cursorColumn, string keyColumn, CursorPosition? after)
    {
        var source = SqlIdentifier.Qualified(table.Schema, table.Name);
        var cursor = SqlIdentifier.Quote(cursorColumn);
        var naive = table.Find(cursorColumn)?.IsNaiveTimestamp ?? false;
        var filter = after is null ? string.Empty : "where " + After(table, cursorColumn, keyColumn, after.Key is not null, "$1", "$2");
        using var connection = Open();
        using var command = Command(
            connection,
            $"select {AsUtc($"(select min({cursor}) from {source} {filter})", naive)}, {AsUtc($"(select max({cursor}) from {source})", naive)}");
        if (after is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = Utc(after.Timestamp) });
            if (after.Key is not null)
            {
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = after.Key });
            }
        }

        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTime>(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTime>(1));
    }

    public void Dispose() => _dataSource.Dispose();

    /// <summary>
    /// <c>select ... where cursor &lt; $1 [and (cursor, key) &gt; ($3, $4)] [and (cursor, key) &lt;= ($5, $6)]
    /// order by cursor, key limit $2</c>. Keys arrive as text and are cast to the key column's type, so uuid, integer
    /// and text keys compare as the index orders them. Every statement gets all six parameters, typed (unused ones NULL).
    /// </summary>
    private static string PageSql(SourceTable table, string cursorColumn, string keyColumn, int after, bool through)
    {
        var cursor = table.Find(cursorColumn)!;
        var select = string.Join(", ", table.Columns.Select(PostgresColumnTypes.SelectExpression));
        var where = $"{SqlIdentifier.Quote(cursorColumn)} < {FromUtc("$1", cursor.IsNaiveTimestamp)}";
        if (after > 0)
        {
            where += " and " + After(table, cursorColumn, keyColumn, hasKey: after == 2, "$3", "$4");
        }

        if (through)
        {
            var keyType = table.Find(keyColumn)!.SourceType;
            where += $" and ({SqlIdentifier.Quote(cursorColumn)}, {SqlIdentifier.Quote(keyColumn)}) <= ({FromUtc("$5", cursor.IsNaiveTimestamp)}, $6::text::{keyType})";
        }

        return $"select {select} from {SqlIdentifier.Qualified(table.Schema, table.Name)} where {where} " +
               $"order by {SqlIdentifier.Quote(cursorColumn)}, {SqlIdentifier.Quote(keyColumn)} limit $2";
    }

    /// <summary>The keyset predicate: after a full position, a row comparison; after a bare time, <c>cursor &gt;= time</c>.</summary>
    private static string After(SourceTable table, string cursorColumn, string keyColumn, bool hasKey, string timeParameter, string keyParameter)
    {
        var cursor = table.Find(cursorColumn)!;
        var time = FromUtc(timeParameter, cursor.IsNaiveTimestamp);
        if (!hasKey)
        {
            return $"{SqlIdentifier.Quote(cursorColumn)} >= {time}";
        }

        var keyType = table.Find(keyColumn)!.SourceType;
        return $"({SqlIdentifier.Quote(cursorColumn)}, {SqlIdentifier.Quote(keyColumn)}) > ({time}, {keyParameter}::text::{keyType})";
    }

    /// <summary>A UTC instant parameter as the column's type: as is for timestamptz, in the server's zone for a naive timestamp.</summary>
    private static string FromUtc(string parameter, bool naive) =>
        naive ? $"({parameter}::timestamptz at time zone current_setting('TimeZone'))" : $"{parameter}::timestamptz";

    private static string AsUtc(string expression, bool naive) =>
        naive ? $"({expression} at time zone current_setting('TimeZone'))" : expression;

    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private NpgsqlConnection Open()
    {
        try
        {
            return _dataSource.OpenConnection();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new PostgresConnectionException(PostgresWarehouse.Describe(e, _where, null, connecting: true), e);
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params string[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = parameter });
        }

        return command;
    }

    /// <summary>Columns with their base type (a domain's underlying type) and type modifier (numeric precision).</summary>
    private const string ColumnsSql = """
        select a.attname, format_type(a.atttypid, a.atttypmod), bt.typname, a.atttypmod
        from pg_attribute a
        join pg_class c on c.oid = a.attrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_type t on t.oid = a.atttypid
        join pg_type bt on bt.oid = case when t.typtype = 'd' then t.typbasetype else t.oid end
        where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p', 'v', 'm', 'f') and a.attnum > 0 and not a.attisdropped
        order by a.attnum
        """;

    /// <summary>Columns that a primary key or a unique, non-partial index covers on their own.</summary>
    private const string UniqueColumnsSql = """
        select a.attname
        from pg_index i
        join pg_class c on c.oid = i.indrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
        where n.nspname = $1 and c.relname = $2 and i.indisunique and i.indnkeyatts = 1 and i.indpred is null and i.indexprs is null
        """;

    /// <summary>
    /// One statement, so one snapshot of the sessions: the server's clock, the start of the oldest open transaction
    /// of a client of this database (only those can write its tables; a prepared transaction counts from when it was
    /// prepared, as its start is not kept), and whether
    /// this role can see other roles' sessions at all (superuser or pg_read_all_stats).
    /// </summary>
    private const string BoundSql = """
        select clock_timestamp(),
               least((select min(xact_start) from pg_stat_activity
                      where xact_start is not null and pid <> pg_backend_pid() and backend_type = 'client backend' and datname = current_database()),
                     (select min(prepared) from pg_prepared_xacts where database = current_database())),
               (select rolsuper from pg_roles where rolname = current_user) or pg_has_role(current_user, 'pg_read_all_stats', 'member')
        """;
}
