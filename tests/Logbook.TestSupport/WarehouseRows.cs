using System.Data.Common;
using Logbook.Core.Querying;
using Logbook.Core.Warehouses;

namespace Logbook.TestSupport;

/// <summary>Reads a query's rows from a warehouse for assertions: DBNull as null, values as the driver returns them.</summary>
public static class WarehouseRows
{
    /// <param name="parameters">Positional parameters (<c>$1</c>, <c>$2</c>, ...).</param>
    public static List<object?[]> Query(IWarehouse warehouse, string sql, params object?[] parameters)
    {
        using var connection = warehouse.OpenConnection();
        return Query(connection, sql, parameters);
    }

    /// <summary>The rows of the last result set of <paramref name="sql"/> on an open connection.</summary>
    public static List<object?[]> Query(DbConnection connection, string sql, params object?[] parameters)
    {
        using var command = DbCommands.Create(connection, null, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        do
        {
            rows.Clear();
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

        return rows;
    }

    /// <summary>Runs a statement; returns the driver's affected-row count.</summary>
    public static int Execute(DbConnection connection, string sql, params object?[] parameters)
    {
        using var command = DbCommands.Create(connection, null, sql, parameters);
        return command.ExecuteNonQuery();
    }
}
