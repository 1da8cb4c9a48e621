using System.Data.Common;

namespace Logbook.Replication;

/// <summary>Statements on one warehouse connection: values as positional parameters, never formatted into SQL.</summary>
internal static class WarehouseCommands
{
    public static int Execute(DbConnection connection, DbTransaction? transaction, string sql, params object?[] values)
    {
        using var command = Create(connection, transaction, sql, values);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(DbConnection connection, DbTransaction? transaction, string sql, params object?[] values)
    {
        using var command = Create(connection, transaction, sql, values);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static List<object?[]> Rows(DbConnection connection, DbTransaction? transaction, string sql, params object?[] values)
    {
        using var command = Create(connection, transaction, sql, values);
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

    private static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, object?[] values)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var value in values)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
