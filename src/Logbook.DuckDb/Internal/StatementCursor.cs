using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal;

/// <summary>
/// Walks a command's statements in order, preparing and binding each one as it is reached. A one-statement
/// command's prepared statement is kept by the command (and reused); the others are freed as soon as they ran.
/// </summary>
internal sealed class StatementCursor(DuckDbCommand command, DuckDbSession session, StatementRunner? runner, DuckDbPreparedStatementHandle? single) : IDisposable
{
    private int _next;
    private DuckDbPreparedStatementHandle? _current;

    public bool HasMore => _next < (runner?.Count ?? 1);

    public bool TryNext(out DuckDbPreparedStatementHandle statement, out int index)
    {
        ReleaseCurrent();
        index = _next;
        if (!HasMore)
        {
            statement = null!;
            return false;
        }

        _next++;
        if (single is not null)
        {
            statement = single;
        }
        else
        {
            statement = runner!.Prepare(index);
            _current = runner.Count == 1 && command.TryCache(session, statement) ? null : statement;
        }

        NativeMethods.PreparedStatements.DuckDbClearBindings(statement);
        ParameterBinder.BindAll(statement, command.Parameters, command.CommandText);
        return true;
    }

    private void ReleaseCurrent()
    {
        _current?.Dispose();
        _current = null;
    }

    public void Dispose()
    {
        ReleaseCurrent();
        runner?.Dispose();
    }
}
