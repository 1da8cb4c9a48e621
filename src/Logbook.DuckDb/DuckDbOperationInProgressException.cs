namespace Logbook.DuckDb;

/// <summary>
/// Thrown when a connection is used while it is already busy: a command still running, a data reader still
/// open, or two threads sharing one connection. DuckDB allows one operation per connection at a time; use one
/// connection per thread (many connections may share one database).
/// </summary>
public sealed class DuckDbOperationInProgressException : InvalidOperationException
{
    internal DuckDbOperationInProgressException(string message)
        : base(message)
    {
    }
}
