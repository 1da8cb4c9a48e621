using Logbook.DuckDb.Internal;
using Logbook.DuckDb.Internal.TypeMapping;
using Logbook.DuckDb.Internal.Vectors.Writers;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb;

/// <summary>
/// Bulk inserts into one table. Rows are written into a managed-filled data chunk and handed to DuckDB 2,048 rows
/// at a time (<c>duckdb_append_data_chunk</c>), which is far faster than INSERT statements.
/// <code>
/// using var appender = connection.CreateAppender("events");
/// appender.CreateRow().AppendValue(1L).AppendValue("started").AppendNullValue().EndRow();
/// </code>
/// Only ended rows are sent: if an AppendValue throws, that row is discarded and Close/Dispose flush the rows
/// before it (DuckDB.NET #355). Rows are visible once flushed; wrap the appender in a transaction to make a load
/// all-or-nothing. Dispose closes (and flushes) the appender.
/// </summary>
public sealed class DuckDbAppender : IDisposable
{
    private readonly DuckDbConnection _connection;
    private readonly DuckDbSession _session;
    private readonly DuckDbAppenderHandle _appender;
    private readonly DuckDbDataChunkHandle _chunk;
    private readonly VectorWriter[] _writers;
    private readonly ulong _capacity;
    private readonly string _target;
    private readonly DuckDbAppenderRow _row;
    private ulong _rowsInChunk;
    private int _column;
    private bool _closed;

    internal DuckDbAppender(DuckDbConnection connection, string? schema, string table)
    {
        _connection = connection;
        _target = schema is null ? table : $"{schema}.{table}";
        var session = connection.Session;
        var state = NativeMethods.Appender.DuckDbAppenderCreate(session.Connection, schema, table, out var pointer);
        _appender = new DuckDbAppenderHandle(pointer);
        if (state != DuckDbState.Success)
        {
            var error = NativeStrings.ReadBorrowed(NativeMethods.Appender.DuckDbAppenderError(pointer));
            _appender.Dispose();
            ThrowHelper.ThrowEngineError(error, DuckDbErrorType.Invalid, $"APPEND INTO {_target}");
        }

        var count = (int)NativeMethods.Appender.DuckDbAppenderColumnCount(_appender);
        var typeHandles = new DuckDbLogicalTypeHandle[count];
        _writers = new VectorWriter[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                typeHandles[i] = new DuckDbLogicalTypeHandle(NativeMethods.Appender.DuckDbAppenderColumnType(_appender, (ulong)i));
            }

            _chunk = CreateChunk(typeHandles);
            for (var i = 0; i < count; i++)
            {
                _writers[i] = VectorWriterFactory.Create(DuckDbColumnType.FromNative(NativeMethods.Appender.DuckDbAppenderColumnType(_appender, (ulong)i)), i);
            }
        }
        catch
        {
            _appender.Dispose();
            throw;
        }
        finally
        {
            foreach (var handle in typeHandles)
            {
                handle?.Dispose();
            }
        }

        _session = session;
        session.Adopt(_chunk);
        session.Adopt(_appender);
        _capacity = NativeMethods.Helpers.DuckDbVectorSize();
        PointWritersAtChunk();
        _row = new DuckDbAppenderRow(this);
    }

    /// <summary>Rows handed to DuckDB so far.</summary>
    public long RowsAppended { get; private set; }

    /// <summary>Starts a row; call AppendValue once per column in table order, then EndRow.</summary>
    public DuckDbAppenderRow CreateRow()
    {
        ThrowIfClosed();
        _column = 0;
        return _row;
    }

    /// <summary>Sends the rows ended so far to DuckDB.</summary>
    public void Flush()
    {
        ThrowIfClosed();
        SendChunk();
        Check(NativeMethods.Appender.DuckDbAppenderFlush(_appender));
    }

    /// <summary>Flushes and closes the appender. Further use throws.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        try
        {
            if (_appender.IsClosed)
            {
                // The connection closed first and took the native appender with it.
                if (_rowsInChunk > 0)
                {
                    throw new InvalidOperationException($"The connection was closed before the appender on {_target}; {_rowsInChunk} row(s) were not written.");
                }

                return;
            }

            SendChunk();
            Check(NativeMethods.Appender.DuckDbAppenderClose(_appender));
        }
        finally
        {
            _closed = true;
            _session.Release(_chunk);
            _session.Release(_appender);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Close();

    internal VectorWriter NextColumn()
    {
        if (_column >= _writers.Length)
        {
            throw new InvalidOperationException($"The row has more values than {_target} has columns ({_writers.Length}).");
        }

        return _writers[_column++];
    }

    internal ulong CurrentRow => _rowsInChunk;

    internal void EndRow()
    {
        if (_column != _writers.Length)
        {
            throw new InvalidOperationException($"The row has {_column} value(s) but {_target} has {_writers.Length} columns.");
        }

        _column = 0;
        if (++_rowsInChunk == _capacity)
        {
            SendChunk();
        }
    }

    private void SendChunk()
    {
        if (_rowsInChunk == 0)
        {
            return;
        }

        var chunk = _chunk.DangerousGetHandle();
        NativeMethods.DataChunk.DuckDbDataChunkSetSize(chunk, _rowsInChunk);
        var session = _connection.Session;
        session.StartUserAction(SessionState.Executing);
        try
        {
            Check(NativeMethods.Appender.DuckDbAppendDataChunk(_appender, _chunk));
        }
        finally
        {
            session.EndUserAction();
        }

        RowsAppended += (long)_rowsInChunk;
        _rowsInChunk = 0;
        NativeMethods.DataChunk.DuckDbDataChunkReset(_chunk);
        PointWritersAtChunk();
    }

    private void PointWritersAtChunk()
    {
        var chunk = _chunk.DangerousGetHandle();
        for (var i = 0; i < _writers.Length; i++)
        {
            _writers[i].Reset(NativeMethods.DataChunk.DuckDbDataChunkGetVector(chunk, (ulong)i));
        }
    }

    private void Check(DuckDbState state)
    {
        if (state != DuckDbState.Success)
        {
            ThrowHelper.ThrowEngineError(
                NativeStrings.ReadBorrowed(NativeMethods.Appender.DuckDbAppenderError(_appender.DangerousGetHandle())),
                DuckDbErrorType.Invalid,
                $"APPEND INTO {_target}");
        }
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, this);

    private static unsafe DuckDbDataChunkHandle CreateChunk(DuckDbLogicalTypeHandle[] types)
    {
        var pointers = stackalloc IntPtr[Math.Max(types.Length, 1)];
        for (var i = 0; i < types.Length; i++)
        {
            pointers[i] = types[i].DangerousGetHandle();
        }

        return DuckDbDataChunkHandle.Owned(NativeMethods.DataChunk.DuckDbCreateDataChunk(pointers, (ulong)types.Length));
    }
}
