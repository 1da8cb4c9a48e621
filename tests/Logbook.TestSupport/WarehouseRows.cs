using Logbook.Core.Warehouses;

namespace Logbook.TestSupport;

/// <summary>Reads a query's rows from a warehouse for assertions: DBNull as null, values as the driver returns them.</summary>
public static class WarehouseRows
{
    /// <param name="parameters">Positional parameters (<c>$1</c>, <c>$2</c>, ...).</param>
    public static List<object?[]> Query(IWarehouse warehouse, string sql, params object?[] parameters)
    {
        using var connection = warehouse.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
