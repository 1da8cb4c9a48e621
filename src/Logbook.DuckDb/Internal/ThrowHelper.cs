using System.Diagnostics.CodeAnalysis;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal;

/// <summary>Throws behind [DoesNotReturn] helpers, which keeps hot methods small (Npgsql's ThrowHelper).</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowEngineError(string? message, DuckDbErrorType errorType, string? sql) =>
        throw CreateEngineError(message, errorType, sql);

    public static DuckDbException CreateEngineError(string? message, DuckDbErrorType errorType, string? sql)
    {
        message = string.IsNullOrEmpty(message) ? "DuckDB reported an error without a message" : message;
        if (errorType == DuckDbErrorType.Invalid)
        {
            errorType = ErrorTypeFromMessage(message);
        }

        return new DuckDbException(message, errorType, FirstLine(sql));
    }

    [DoesNotReturn]
    public static void ThrowConnectionClosed() =>
        throw new ObjectDisposedException(nameof(DuckDbConnection), "The connection is closed; open it before use.");

    [DoesNotReturn]
    public static T ThrowInvalidCast<T>(string duckDbTypeName) =>
        throw new InvalidCastException($"A {duckDbTypeName} value cannot be read as {typeof(T).Name}.");

    /// <summary>The first non-blank line of a SQL text, trimmed and capped, for error messages.</summary>
    public static string? FirstLine(string? sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            return null;
        }

        foreach (var line in sql.AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (!trimmed.IsEmpty)
            {
                return trimmed.Length > 200 ? string.Concat(trimmed[..200], "…") : trimmed.ToString();
            }
        }

        return null;
    }

    /// <summary>DuckDB messages start with "&lt;Class&gt; Error:"; used where the API gives no error type (prepare).</summary>
    internal static DuckDbErrorType ErrorTypeFromMessage(string message)
    {
        var end = message.IndexOf(" Error:", StringComparison.Ordinal);
        if (end <= 0)
        {
            return DuckDbErrorType.Invalid;
        }

        var name = message[..end].Replace(" ", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse<DuckDbErrorType>(name, ignoreCase: true, out var type) ? type : DuckDbErrorType.Invalid;
    }
}
