using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal;

/// <summary>
/// Splits a command text into statements and prepares and executes them one at a time. Statements are prepared
/// lazily, in order, because a later statement may refer to a table an earlier one creates.
/// </summary>
internal sealed class StatementRunner : IDisposable
{
    private readonly DuckDbSession _session;
    private readonly DuckDbExtractedStatementsHandle _extracted;

    private StatementRunner(DuckDbSession session, DuckDbExtractedStatementsHandle extracted, int count, string sql)
    {
        _session = session;
        _extracted = extracted;
        Count = count;
        Sql = sql;
    }

    public int Count { get; }

    public string Sql { get; }

    public static StatementRunner Extract(DuckDbSession session, string sql)
    {
        var count = NativeMethods.ExtractStatements.DuckDbExtractStatements(session.Connection, sql, out var pointer);
        var extracted = new DuckDbExtractedStatementsHandle(pointer);
        if (count == 0)
        {
            var error = NativeStrings.ReadBorrowed(NativeMethods.ExtractStatements.DuckDbExtractStatementsError(extracted));
            extracted.Dispose();
            if (error is null)
            {
                // An empty or comment-only text: nothing to run.
                return new StatementRunner(session, new DuckDbExtractedStatementsHandle(IntPtr.Zero), 0, sql);
            }

            ThrowHelper.ThrowEngineError(error, DuckDbErrorType.Parser, sql);
        }

        return new StatementRunner(session, extracted, checked((int)count), sql);
    }

    public DuckDbPreparedStatementHandle Prepare(int index)
    {
        var state = NativeMethods.ExtractStatements.DuckDbPrepareExtractedStatement(_session.Connection, _extracted, (ulong)index, out var pointer);
        var statement = new DuckDbPreparedStatementHandle(pointer);
        if (state != DuckDbState.Success)
        {
            var error = NativeStrings.ReadBorrowed(NativeMethods.PreparedStatements.DuckDbPrepareError(statement));
            statement.Dispose();
            ThrowHelper.ThrowEngineError(error, DuckDbErrorType.Invalid, Sql);
        }

        return statement;
    }

    /// <summary>Executes a bound statement. Streaming results are read chunk by chunk without materializing.</summary>
    public static DuckDbResultHandle Execute(DuckDbPreparedStatementHandle statement, bool streaming, string sql)
    {
        var result = DuckDbResultHandle.Allocate();
        var state = streaming
            ? NativeMethods.PreparedStatements.DuckDbExecutePreparedStreaming(statement, result)
            : NativeMethods.PreparedStatements.DuckDbExecutePrepared(statement, result);
        if (state != DuckDbState.Success)
        {
            var error = ResultError(result, sql);
            result.Dispose();
            throw error;
        }

        return result;
    }

    /// <summary>The error stored in a result, or null when it has none.</summary>
    public static DuckDbException? TryResultError(DuckDbResultHandle result, string sql)
    {
        var message = NativeStrings.ReadBorrowed(NativeMethods.Query.DuckDbResultError(result));
        return message is null ? null : ThrowHelper.CreateEngineError(message, NativeMethods.Query.DuckDbResultErrorType(result), sql);
    }

    private static DuckDbException ResultError(DuckDbResultHandle result, string sql) =>
        TryResultError(result, sql) ?? ThrowHelper.CreateEngineError(null, DuckDbErrorType.Invalid, sql);

    /// <summary>
    /// The number of rows an INSERT/UPDATE/DELETE (or CREATE TABLE AS) changed, read from the single "Count"
    /// value DuckDB returns for such statements; -1 for statements that do not change rows.
    /// </summary>
    public static long ChangedRows(DuckDbResultHandle result, string sql)
    {
        if (NativeMethods.Query.DuckDbResultReturnType(result.Value) != DuckDbResultType.ChangedRows)
        {
            return -1;
        }

        var pointer = NativeMethods.Query.DuckDbFetchChunk(result.Value);
        if (pointer == IntPtr.Zero)
        {
            var error = TryResultError(result, sql);
            return error is null ? 0 : throw error;
        }

        using var chunk = DuckDbDataChunkHandle.Owned(pointer);
        unsafe
        {
            if (NativeMethods.DataChunk.DuckDbDataChunkGetSize(pointer) == 0)
            {
                return 0;
            }

            var vector = NativeMethods.DataChunk.DuckDbDataChunkGetVector(pointer, 0);
            return *(long*)NativeMethods.Vector.DuckDbVectorGetData(vector);
        }
    }

    public void Dispose() => _extracted.Dispose();
}
