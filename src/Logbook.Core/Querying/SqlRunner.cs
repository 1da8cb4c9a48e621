using System.Data.Common;
using System.Numerics;
using Logbook.Core.Warehouses;

namespace Logbook.Core.Querying;

/// <summary>Runs a SQL text (one or more statements) on a warehouse and keeps the last result set.</summary>
public static class SqlRunner
{
    /// <summary>
    /// Runs every statement of <paramref name="sql"/> on a new connection. The last result set is read into
    /// memory (earlier ones are read and dropped); provider errors surface as <see cref="DbException"/>.
    /// </summary>
    public static SqlResult Run(IWarehouse warehouse, string sql)
    {
        using var connection = warehouse.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        IReadOnlyList<SqlColumn> columns = [];
        List<object?[]> rows = [];
        using (var reader = command.ExecuteReader())
        {
            do
            {
                if (reader.FieldCount == 0)
                {
                    continue;
                }

                columns = Describe(reader);
                rows = [];
                while (reader.Read())
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }

                    rows.Add(row);
                }
            }
            while (reader.NextResult());

            reader.Close();
            return new SqlResult(columns, rows, reader.RecordsAffected);
        }
    }

    private static SqlColumn[] Describe(DbDataReader reader)
    {
        var columns = new SqlColumn[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            var typeName = reader.GetDataTypeName(i);
            var clrType = reader.GetFieldType(i);
            columns[i] = new SqlColumn(reader.GetName(i), typeName, clrType, Classify(typeName, clrType));
        }

        return columns;
    }

    /// <summary>
    /// JSON for JSON-typed columns and for nested types, whose values providers read as JSON text (DuckDB spells
    /// them <c>INTEGER[]</c>, <c>INTEGER[3]</c>, <c>STRUCT(...)</c>, <c>MAP(...)</c>).
    /// </summary>
    public static ColumnKind Classify(string dataTypeName, Type clrType)
    {
        if (clrType == typeof(bool))
        {
            return ColumnKind.Boolean;
        }

        if (IsNumeric(clrType))
        {
            return ColumnKind.Number;
        }

        if (clrType == typeof(string))
        {
            var name = dataTypeName.Trim();
            if (name.Equals("JSON", StringComparison.OrdinalIgnoreCase)
                || name.Equals("JSONB", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith(']')
                || name.StartsWith("STRUCT(", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("MAP(", StringComparison.OrdinalIgnoreCase))
            {
                return ColumnKind.Json;
            }
        }

        return ColumnKind.Text;
    }

    private static bool IsNumeric(Type type) =>
        type == typeof(sbyte) || type == typeof(byte) || type == typeof(short) || type == typeof(ushort)
        || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong)
        || type == typeof(Int128) || type == typeof(UInt128) || type == typeof(BigInteger)
        || type == typeof(float) || type == typeof(double) || type == typeof(decimal) || type == typeof(Half);
}
