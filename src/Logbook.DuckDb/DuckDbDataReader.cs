using System.Collections;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Logbook.DuckDb.Internal;
using Logbook.DuckDb.Internal.TypeMapping;
using Logbook.DuckDb.Internal.Vectors.Readers;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb;

/// <summary>
/// Reads a command's result sets one data chunk (up to 2,048 rows) at a time from a streaming result, straight
/// out of DuckDB's vectors (<c>duckdb_fetch_chunk</c>; the deprecated per-value API is not used). Each statement
/// that returns rows is one result set; statements that change rows add to <see cref="RecordsAffected"/>.
/// Nested values (LIST, STRUCT, MAP, ARRAY) read as JSON text. The connection is busy until the reader closes.
/// </summary>
public sealed class DuckDbDataReader : DbDataReader
{
    private readonly DuckDbCommand _command;
    private readonly DuckDbSession _session;
    private readonly CommandBehavior _behavior;
    private StatementCursor? _statements;
    private DuckDbResultHandle? _result;
    private ChunkPrefetcher? _prefetcher;
    private DuckDbDataChunkHandle? _chunk;
    private VectorReader[] _columns = [];
    private string[] _names = [];
    private Dictionary<string, int>? _ordinals;
    private ulong _chunkSize;
    private long _row = -1;
    private bool _hasRows;
    private bool _firstChunkPending;
    private bool _exhausted;
    private long _recordsAffected = -1;
    private bool _closed;

    internal DuckDbDataReader(DuckDbCommand command, DuckDbSession session, CommandBehavior behavior)
    {
        _command = command;
        _session = session;
        _behavior = behavior;
    }

    /// <inheritdoc />
    public override int Depth => 0;

    /// <inheritdoc />
    public override int FieldCount => _columns.Length;

    /// <inheritdoc />
    public override bool HasRows => _hasRows;

    /// <inheritdoc />
    public override bool IsClosed => _closed;

    /// <inheritdoc />
    public override int RecordsAffected => (int)Math.Min(_recordsAffected, int.MaxValue);

    /// <inheritdoc />
    public override object this[int ordinal] => GetValue(ordinal);

    /// <inheritdoc />
    public override object this[string name] => GetValue(GetOrdinal(name));

    /// <summary>Executes up to the first statement that returns rows, then marks the session as fetching.</summary>
    internal void Start()
    {
        _statements = _command.OpenStatements(_session);
        try
        {
            AdvanceToNextResultSet();
        }
        catch
        {
            ReleaseResult();
            _statements.Dispose();
            _closed = true;
            throw;
        }

        _session.Transition(SessionState.Executing, SessionState.Fetching);
    }

    /// <inheritdoc />
    public override bool Read()
    {
        if (_closed)
        {
            throw new InvalidOperationException("The data reader is closed.");
        }

        if (_result is null || _exhausted)
        {
            return false;
        }

        if (_firstChunkPending)
        {
            _firstChunkPending = false;
            _row = 0;
            return true;
        }

        if ((ulong)++_row < _chunkSize)
        {
            return true;
        }

        return FetchChunk();
    }

    /// <inheritdoc />
    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read());
    }

    /// <inheritdoc />
    public override bool NextResult()
    {
        if (_closed)
        {
            return false;
        }

        ReleaseResult();
        return AdvanceToNextResultSet();
    }

    /// <inheritdoc />
    public override void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            // Every statement of the command runs, as it would with any other provider, even if unread
            // (unless the connection itself was closed under the reader).
            ReleaseResult();
            while (_session.State != SessionState.Closed && AdvanceToNextResultSet())
            {
                ReleaseResult();
            }
        }
        finally
        {
            ReleaseResult();
            _statements?.Dispose();
            _session.EndFetching();
            _session.EndUserAction();
            if (_behavior.HasFlag(CommandBehavior.CloseConnection))
            {
                _command.Connection?.Close();
            }
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    private bool AdvanceToNextResultSet()
    {
        while (_statements!.TryNext(out var statement, out _))
        {
            var result = StatementRunner.Execute(statement, streaming: _command.UseStreamingMode, _command.CommandText);
            if (NativeMethods.Query.DuckDbResultReturnType(result.Value) != DuckDbResultType.QueryResult)
            {
                using (result)
                {
                    var changed = StatementRunner.ChangedRows(result, _command.CommandText);
                    if (changed >= 0)
                    {
                        _recordsAffected = Math.Max(_recordsAffected, 0) + changed;
                    }
                }

                continue;
            }

            _result = result;
            _session.Adopt(result);
            DescribeColumns(result);
            _prefetcher = new ChunkPrefetcher(result, _session.Connection);
            _hasRows = FetchChunk();
            _firstChunkPending = _hasRows;
            _row = -1;
            return true;
        }

        return false;
    }

    private void DescribeColumns(DuckDbResultHandle result)
    {
        var count = (int)NativeMethods.Query.DuckDbColumnCount(result);
        _columns = new VectorReader[count];
        _names = new string[count];
        _ordinals = null;
        for (var i = 0; i < count; i++)
        {
            _names[i] = NativeStrings.ReadBorrowed(NativeMethods.Query.DuckDbColumnName(result, (ulong)i)) ?? string.Empty;
            _columns[i] = VectorReaderFactory.Create(DuckDbColumnType.FromNative(NativeMethods.Query.DuckDbColumnLogicalType(result, (ulong)i)));
        }
    }

    private bool FetchChunk()
    {
        while (true)
        {
            _session.Release(_chunk);
            _chunk = null;
            _chunkSize = 0;
            var pointer = _prefetcher!.Take();
            if (pointer == IntPtr.Zero)
            {
                var error = StatementRunner.TryResultError(_result!, _command.CommandText);
                if (error is not null)
                {
                    throw error.ErrorType == DuckDbErrorType.Interrupt ? _command.TranslateInterrupt(error, CancellationToken.None) : error;
                }

                // A streaming result must not be fetched again once it has ended.
                _exhausted = true;
                return false;
            }

            _chunk = DuckDbDataChunkHandle.Owned(pointer);
            _session.Adopt(_chunk);
            _chunkSize = NativeMethods.DataChunk.DuckDbDataChunkGetSize(pointer);
            if (_chunkSize == 0)
            {
                continue;
            }

            for (var i = 0; i < _columns.Length; i++)
            {
                _columns[i].Reset(NativeMethods.DataChunk.DuckDbDataChunkGetVector(pointer, (ulong)i));
            }

            _row = 0;
            return true;
        }
    }

    private void ReleaseResult()
    {
        _prefetcher?.Dispose();
        _prefetcher = null;
        _session.Release(_chunk);
        _chunk = null;
        _session.Release(_result);
        _result = null;
        _chunkSize = 0;
        _row = -1;
        _firstChunkPending = false;
        _exhausted = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private VectorReader Column(int ordinal, out ulong row)
    {
        // _row is -1 before the first Read() and _chunkSize is 0 without a chunk: one unsigned compare covers both.
        row = (ulong)_row;
        if (row >= _chunkSize)
        {
            ThrowNoRow();
        }

        return _columns[ordinal];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private VectorReader ValidColumn(int ordinal, out ulong row)
    {
        var column = Column(ordinal, out row);
        if (!column.IsValid(row))
        {
            ThrowNull(ordinal);
        }

        return column;
    }

    private static void ThrowNoRow() => throw new InvalidOperationException("No current row: call Read() first (and check that it returned true).");

    private void ThrowNull(int ordinal) =>
        throw new InvalidCastException($"Column '{_names[ordinal]}' is NULL in this row; check IsDBNull first.");

    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => !Column(ordinal, out var row).IsValid(row);

    /// <inheritdoc />
    public override object GetValue(int ordinal)
    {
        var column = Column(ordinal, out var row);
        return column.IsValid(row) ? column.GetValue(row) : DBNull.Value;
    }

    /// <inheritdoc />
    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    /// <inheritdoc />
    public override T GetFieldValue<T>(int ordinal)
    {
        var column = Column(ordinal, out var row);
        if (!column.IsValid(row))
        {
            if (default(T) is null)
            {
                return default!;
            }

            ThrowNull(ordinal);
        }

        return column.GetFieldValue<T>(row);
    }

    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => ValidColumn(ordinal, out var row).GetBoolean(row);

    /// <inheritdoc />
    public override byte GetByte(int ordinal) => checked((byte)GetInt64(ordinal));

    /// <inheritdoc />
    public override short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));

    /// <inheritdoc />
    public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

    /// <inheritdoc />
    public override long GetInt64(int ordinal) => ValidColumn(ordinal, out var row).GetInt64(row);

    /// <inheritdoc />
    public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);

    /// <inheritdoc />
    public override double GetDouble(int ordinal) => ValidColumn(ordinal, out var row).GetDouble(row);

    /// <inheritdoc />
    public override decimal GetDecimal(int ordinal) => ValidColumn(ordinal, out var row).GetDecimal(row);

    /// <inheritdoc />
    public override string GetString(int ordinal) => ValidColumn(ordinal, out var row).GetString(row);

    /// <inheritdoc />
    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal) => ValidColumn(ordinal, out var row).GetDateTime(row);

    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => ValidColumn(ordinal, out var row).GetGuid(row);

    /// <inheritdoc />
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var column = ValidColumn(ordinal, out var row);
        if (column is not BlobVectorReader blob)
        {
            throw new InvalidCastException($"Column '{_names[ordinal]}' is {column.Type.Name}, not BLOB.");
        }

        var bytes = blob.GetSpan(row);
        if (buffer is null)
        {
            return bytes.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        bytes.Slice((int)dataOffset, count).CopyTo(buffer.AsSpan(bufferOffset));
        return count;
    }

    /// <inheritdoc />
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <inheritdoc />
    public override string GetName(int ordinal) => _names[ordinal];

    /// <inheritdoc />
    public override int GetOrdinal(string name)
    {
        _ordinals ??= BuildOrdinals();
        if (_ordinals.TryGetValue(name, out var ordinal))
        {
            return ordinal;
        }

        throw new IndexOutOfRangeException($"No column named '{name}'.");
    }

    private Dictionary<string, int> BuildOrdinals()
    {
        var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = _names.Length - 1; i >= 0; i--)
        {
            map[_names[i]] = i;
        }

        for (var i = _names.Length - 1; i >= 0; i--)
        {
            // An exact-case match wins over a case-insensitive one, as in other providers.
            if (!string.Equals(_names[map[_names[i]]], _names[i], StringComparison.Ordinal))
            {
                map[_names[i]] = i;
            }
        }

        return map;
    }

    /// <summary>DuckDB's name for the column's type, for example BIGINT, DECIMAL(18,3), JSON or INTEGER[].</summary>
    public override string GetDataTypeName(int ordinal) => _columns[ordinal].Type.Name;

    /// <inheritdoc />
    public override Type GetFieldType(int ordinal) => _columns[ordinal].ClrType;

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    /// <inheritdoc />
    public override DataTable GetSchemaTable()
    {
        var table = new DataTable("SchemaTable") { Locale = System.Globalization.CultureInfo.InvariantCulture };
        table.Columns.Add(SchemaTableColumn.ColumnName, typeof(string));
        table.Columns.Add(SchemaTableColumn.ColumnOrdinal, typeof(int));
        table.Columns.Add(SchemaTableColumn.ColumnSize, typeof(int));
        table.Columns.Add(SchemaTableColumn.NumericPrecision, typeof(short));
        table.Columns.Add(SchemaTableColumn.NumericScale, typeof(short));
        table.Columns.Add(SchemaTableColumn.DataType, typeof(Type));
        table.Columns.Add("DataTypeName", typeof(string));
        table.Columns.Add(SchemaTableColumn.AllowDBNull, typeof(bool));
        for (var i = 0; i < _columns.Length; i++)
        {
            var type = _columns[i].Type;
            table.Rows.Add(_names[i], i, -1, type.DecimalWidth, type.DecimalScale, _columns[i].ClrType, type.Name, true);
        }

        return table;
    }
}
