namespace Logbook.DuckDb.Tests.Support;

/// <summary>A database file path in a temp folder, removed (with its WAL) on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("logbook-duckdb-").FullName;

    public string Path => System.IO.Path.Combine(_folder, "test.duckdb");

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
