namespace Logbook.DuckDb.Tests.Support;

/// <summary>A database file path in a temp folder, removed (with its WAL) on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("logbook-duckdb-").FullName;

    public string Path => System.IO.Path.Combine(_folder, "test.duckdb");

    /// <summary>Runs set-up SQL on a connection of its own, closed again before the test goes on.</summary>
    public void Execute(string sql)
    {
        using var connection = new DuckDbConnection(Path);
        connection.Open();
        new DuckDbCommand(sql, connection).ExecuteNonQuery();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
