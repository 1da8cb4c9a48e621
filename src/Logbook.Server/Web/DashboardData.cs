using System.Data.Common;
using Logbook.Core.Warehouses;
using Logbook.Hosting;

namespace Logbook.Server.Web;

/// <summary>What a table on a page holds: its columns and rows, or why there is nothing to show.</summary>
internal sealed record TableData(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>Set when the source table does not exist (yet): what to run to fill it.</summary>
    public string? Missing { get; init; }

    /// <summary>Set when the query failed: the warehouse's one-line message.</summary>
    public string? Error { get; init; }

    public bool HasData => Missing is null && Error is null;

    public int Index(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"no column '{column}' (columns: {string.Join(", ", Columns)})", nameof(column));
    }

    /// <summary>The values of <paramref name="column"/>, in row order.</summary>
    public IEnumerable<object?> Values(string column)
    {
        var i = Index(column);
        return Rows.Select(r => r[i]);
    }

    public static TableData NoData(string hint) => new([], []) { Missing = hint };

    public static TableData Failed(string error) => new([], []) { Error = error };
}

/// <summary>
/// A request's view of the warehouse: one connection, the set of tables that exist (read once), and queries with
/// bound values. A missing table is not an error: <see cref="Query"/> returns <see cref="TableData.NoData"/>.
/// </summary>
internal sealed class DashboardData : IDisposable
{
    private readonly DbConnection _connection;
    private readonly HashSet<(string Schema, string Table)> _tables;

    public DashboardData(ServerContext context)
    {
        Context = context;
        _connection = context.Host.Warehouse.OpenConnection();
        var tables = new HashSet<(string, string)>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "select table_schema, table_name from information_schema.tables";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        _tables = tables;
    }

    public ServerContext Context { get; }

    public IWarehouse Warehouse => Context.Host.Warehouse;

    public bool Exists(DataSource source) => _tables.Contains((source.Schema, source.Table));

    /// <summary>
    /// Runs <paramref name="sql"/> (values bound as <c>$1</c>, <c>$2</c>...) when every source table exists; otherwise
    /// says which is missing and what fills it. A warehouse error becomes <see cref="TableData.Error"/>, not a 500.
    /// </summary>
    public TableData Query(IReadOnlyList<DataSource> sources, string sql, params object?[] values)
    {
        foreach (var source in sources)
        {
            if (!Exists(source))
            {
                return TableData.NoData($"{source.Schema}.{source.Table} does not exist yet: {source.Hint}");
            }
        }

        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var value in values)
            {
                var parameter = command.CreateParameter();
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            using var reader = command.ExecuteReader();
            var columns = new string[reader.FieldCount];
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = reader.GetName(i);
            }

            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[columns.Length];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return new TableData(columns, rows);
        }
        catch (DbException e)
        {
            return TableData.Failed(LogbookHost.DescribeError(e));
        }
    }

    public void Dispose() => _connection.Dispose();
}

/// <summary>A table the dashboard reads, and what to run when it is missing.</summary>
internal sealed record DataSource(string Schema, string Table, string Hint)
{
    /// <summary>Where the shipped Fivetran project builds its marts.</summary>
    public const string FivetranSchema = "fct_fivetran_logs";

    /// <summary>The SOC2 connector's default schema (<c>logbook connector soc2</c>).</summary>
    public const string Soc2Schema = "soc2";

    public string Qualified => SqlIdentifier.Qualified(Schema, Table);

    public static DataSource Fivetran(string table) =>
        new(FivetranSchema, table, "build the Fivetran project (logbook build), or try logbook demo");

    public static DataSource Audit(ServerContext context) =>
        new(context.Host.Project.AuditSchema, "audit_summary", "run a job (logbook build, logbook sync ai-audit-logs, logbook connector soc2) to start the run audit log");

    public static DataSource Replication(ServerContext context, string table) =>
        new(context.Replication.Schema, table, "run logbook sync ai-audit-logs (or schedule it in logbook serve)");

    public static DataSource Soc2(string table) =>
        new(Soc2Schema, table, "run logbook connector soc2");
}
