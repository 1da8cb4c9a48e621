using System.Data.Common;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb;

/// <summary>
/// An error the DuckDB engine reported. <see cref="EngineMessage"/> is DuckDB's own text; the message adds the
/// first line of the SQL that failed, so a log line says what ran. Client misuse raises the standard CLR
/// exceptions instead (InvalidOperationException, ObjectDisposedException, ArgumentException).
/// </summary>
public sealed class DuckDbException : DbException
{
    internal DuckDbException(string engineMessage, DuckDbErrorType errorType, string? sqlFirstLine)
        : base(Compose(engineMessage, sqlFirstLine))
    {
        EngineMessage = engineMessage;
        ErrorType = errorType;
        SqlFirstLine = sqlFirstLine;
    }

    /// <summary>DuckDB's error text, unchanged.</summary>
    public string EngineMessage { get; }

    /// <summary>The class of error DuckDB reported.</summary>
    public DuckDbErrorType ErrorType { get; }

    /// <summary>The first non-blank line of the SQL that failed, when there was SQL.</summary>
    public string? SqlFirstLine { get; }

    /// <summary>Write-write conflicts between concurrent transactions succeed when retried.</summary>
    public override bool IsTransient => ErrorType == DuckDbErrorType.Transaction;

    private static string Compose(string engineMessage, string? sqlFirstLine) =>
        sqlFirstLine is null ? engineMessage : $"{engineMessage} [SQL: {sqlFirstLine}]";
}
