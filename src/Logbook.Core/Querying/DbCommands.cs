using System.Data.Common;

namespace Logbook.Core.Querying;

/// <summary>
/// One-statement helpers on an open connection, for any ADO.NET provider: values go in as positional parameters
/// (<c>$1</c>, <c>$2</c>...), never formatted into the SQL.
/// </summary>
public static class DbCommands
{
    public static int Execute(DbConnection connection, DbTransaction? transaction, string sql, params object?[] values)
    {
        using var command = Create(connection, transaction, sql, values);
        return command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row; null for no row or SQL NULL.</summary>
    public static object? Scalar(DbConnection connection, DbTransaction? transaction, string sql, params object?[] values)
    {
        using var command = Create(connection, transaction, sql, values);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Every row, each as its values (SQL NULL as null).</summary>
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

    /// <summary>Whether <paramref name="schema"/>.<paramref name="table"/> exists, from <c>information_schema</c>.</summary>
    public static bool TableExists(DbConnection connection, string schema, string table) =>
        Convert.ToInt64(Scalar(connection, null, "select count(*) from information_schema.tables where table_schema = $1 and table_name = $2", schema, table), System.Globalization.CultureInfo.InvariantCulture) > 0;

    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params object?[] values)
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
