using Logbook.Core.Warehouses;
using Logbook.DuckDb;

namespace Logbook.Warehouse.DuckDb;

/// <summary>Core's bulk-load contract over <see cref="DuckDbAppender"/> (2,048-row chunks appended whole).</summary>
internal sealed class DuckDbBulkWriter(DuckDbAppender appender) : IBulkWriter
{
    private readonly DuckDbAppenderRow _row = appender.CreateRow();
    private bool _completed;

    public long RowsWritten { get; private set; }

    public IBulkWriter WriteNull() => Put(0, static (row, _) => row.AppendNullValue());

    public IBulkWriter Write(string? value) => Put(value, static (row, v) => row.AppendValue(v));

    public IBulkWriter WriteUtf8(ReadOnlySpan<byte> value)
    {
        Row().AppendUtf8(value);
        return this;
    }

    public IBulkWriter Write(long? value) => Put(value, static (row, v) => row.AppendValue(v));

    public IBulkWriter Write(double? value) => Put(value, static (row, v) => row.AppendValue(v));

    public IBulkWriter Write(bool? value) => Put(value, static (row, v) => row.AppendValue(v));

    public IBulkWriter Write(DateTime? value) => Put(value, static (row, v) => row.AppendValue(v));

    public IBulkWriter WriteValue(object? value) => Put(value, static (row, v) => row.AppendValue(v));

    public void EndRow()
    {
        Row().EndRow();
        RowsWritten++;
    }

    public long Complete()
    {
        ThrowIfCompleted();
        appender.Close();
        _completed = true;
        return RowsWritten;
    }

    /// <summary>The appender flushes what was ended when it closes; the caller's rollback undoes an abandoned load.</summary>
    public void Dispose()
    {
        _completed = true;
        appender.Dispose();
    }

    /// <summary>Writes one value through a static delegate (no closure per value), once the load is known to be open.</summary>
    private DuckDbBulkWriter Put<T>(T value, Func<DuckDbAppenderRow, T, DuckDbAppenderRow> append)
    {
        append(Row(), value);
        return this;
    }

    /// <summary>The appender's row, once the load is known to be open (its chunk is freed when it closes).</summary>
    private DuckDbAppenderRow Row()
    {
        ThrowIfCompleted();
        return _row;
    }

    private void ThrowIfCompleted() => ObjectDisposedException.ThrowIf(_completed, this);
}
