using Logbook.Core.Warehouses;
using Logbook.DuckDb;

namespace Logbook.Warehouse.DuckDb;

/// <summary>Core's bulk-load contract over <see cref="DuckDbAppender"/> (2,048-row chunks appended whole).</summary>
internal sealed class DuckDbBulkWriter(DuckDbAppender appender) : IBulkWriter
{
    private readonly DuckDbAppenderRow _row = appender.CreateRow();
    private bool _completed;

    public long RowsWritten { get; private set; }

    public IBulkWriter WriteNull()
    {
        Row().AppendNullValue();
        return this;
    }

    public IBulkWriter Write(string? value)
    {
        Row().AppendValue(value);
        return this;
    }

    public IBulkWriter Write(long? value)
    {
        Row().AppendValue(value);
        return this;
    }

    public IBulkWriter Write(double? value)
    {
        Row().AppendValue(value);
        return this;
    }

    public IBulkWriter Write(bool? value)
    {
        Row().AppendValue(value);
        return this;
    }

    public IBulkWriter Write(DateTime? value)
    {
        Row().AppendValue(value);
        return this;
    }

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

    /// <summary>The appender's row, once the load is known to be open (its chunk is freed when it closes).</summary>
    private DuckDbAppenderRow Row()
    {
        ThrowIfCompleted();
        return _row;
    }

    private void ThrowIfCompleted() => ObjectDisposedException.ThrowIf(_completed, this);
}
