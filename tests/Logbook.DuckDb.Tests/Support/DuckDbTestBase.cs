using Logbook.DuckDb;

namespace Logbook.DuckDb.Tests.Support;

/// <summary>Each test class gets a fresh private in-memory database (DuckDB.NET's fixture pattern).</summary>
public abstract class DuckDbTestBase : IDisposable
{
    protected DuckDbTestBase()
    {
        Connection = new DuckDbConnection(":memory:");
        Connection.Open();
    }

    protected DuckDbConnection Connection { get; }

    protected int Execute(string sql, params object?[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    protected object? Scalar(string sql, params object?[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    protected DuckDbCommand Command(string sql, params object?[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.AddValue(parameter);
        }

        return command;
    }

    /// <summary>
    /// The round-trip harness (Npgsql's AssertType): the value goes in as a parameter cast to the SQL type and
    /// comes back through the reader; checks the value, the CLR field type and DuckDB's type name.
    /// </summary>
    protected void AssertRoundTrip<T>(T value, string sqlType, string expectedTypeName)
    {
        using var command = Command($"SELECT $1::{sqlType} AS v, typeof($1::{sqlType}) AS t", value);
        using var reader = command.ExecuteReader();
        reader.Read().Should().BeTrue();
        reader.GetDataTypeName(0).Should().Be(expectedTypeName);
        reader.GetFieldType(0).Should().Be(typeof(T));
        reader.IsDBNull(0).Should().BeFalse();
        reader.GetFieldValue<T>(0).Should().Be(value);
        reader.GetValue(0).Should().Be(value);
        reader.Read().Should().BeFalse();
    }

    /// <summary>NULL of the SQL type reads as DBNull and as a null nullable.</summary>
    protected void AssertNullRoundTrip<T>(string sqlType)
        where T : struct
    {
        using var command = Command($"SELECT $1::{sqlType} AS v", (object?)null);
        using var reader = command.ExecuteReader();
        reader.Read().Should().BeTrue();
        reader.IsDBNull(0).Should().BeTrue();
        reader.GetValue(0).Should().Be(DBNull.Value);
        reader.GetFieldValue<T?>(0).Should().BeNull();
    }

    public virtual void Dispose()
    {
        Connection.Dispose();
        GC.SuppressFinalize(this);
    }
}
