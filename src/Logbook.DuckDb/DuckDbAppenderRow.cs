using System.Numerics;

namespace Logbook.DuckDb;

/// <summary>
/// The row being appended. Each AppendValue fills the next column; a null value (of any overload) writes NULL.
/// The object is reused for every row of its appender.
/// </summary>
public sealed class DuckDbAppenderRow
{
    private readonly DuckDbAppender _appender;

    internal DuckDbAppenderRow(DuckDbAppender appender)
    {
        _appender = appender;
    }

    /// <summary>Writes NULL into the next column.</summary>
    public DuckDbAppenderRow AppendNullValue()
    {
        _appender.NextColumn().WriteNull(_appender.CurrentRow);
        return this;
    }

    public DuckDbAppenderRow AppendValue(bool? value) => value is { } v ? Put(v, static (w, r, x) => w.WriteBoolean(r, x)) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(sbyte? value) => value is { } v ? AppendValue((long)v) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(short? value) => value is { } v ? AppendValue((long)v) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(int? value) => value is { } v ? AppendValue((long)v) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(long? value)
    {
        if (value is not { } v)
        {
            return AppendNullValue();
        }

        _appender.NextColumn().WriteInt64(_appender.CurrentRow, v);
        return this;
    }

    public DuckDbAppenderRow AppendValue(byte? value) => value is { } v ? AppendValue((ulong)v) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(ushort? value) => value is { } v ? AppendValue((ulong)v) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(uint? value) => value is { } v ? AppendValue((ulong)v) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(ulong? value) => value is { } v ? Put(v, static (w, r, x) => w.WriteUInt64(r, x)) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(Int128? value) => value is { } v ? Put(v, static (w, r, x) => w.WriteInt128(r, x)) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(BigInteger? value) => value is { } v ? Put(v, static (w, r, x) => w.WriteBigInteger(r, x)) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(float? value) => value is { } v ? AppendValue((double)v) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(double? value)
    {
        if (value is not { } v)
        {
            return AppendNullValue();
        }

        _appender.NextColumn().WriteDouble(_appender.CurrentRow, v);
        return this;
    }

    public DuckDbAppenderRow AppendValue(decimal? value) => value is { } v ? Put(v, static (w, r, x) => w.WriteDecimal(r, x)) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(string? value)
    {
        if (value is null)
        {
            return AppendNullValue();
        }

        _appender.NextColumn().WriteString(_appender.CurrentRow, value);
        return this;
    }

    /// <summary>Appends text given as UTF-8 bytes to a VARCHAR (or JSON) column, with no string in between; invalid UTF-8 is refused.</summary>
    public DuckDbAppenderRow AppendUtf8(ReadOnlySpan<byte> value)
    {
        _appender.NextColumn().WriteUtf8(_appender.CurrentRow, value);
        return this;
    }

    public DuckDbAppenderRow AppendValue(byte[]? value) => value is not null ? Put(value, static (w, r, x) => w.WriteBytes(r, x)) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(DateTime? value)
    {
        if (value is not { } v)
        {
            return AppendNullValue();
        }

        _appender.NextColumn().WriteDateTime(_appender.CurrentRow, v);
        return this;
    }

    public DuckDbAppenderRow AppendValue(DateTimeOffset? value) => value is { } v ? Put(v, static (w, r, x) => w.WriteDateTimeOffset(r, x)) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(DateOnly? value) => value is { } v ? Put(v, static (w, r, x) => w.WriteDate(r, x)) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(TimeOnly? value) => value is { } v ? Put(v, static (w, r, x) => w.WriteTime(r, x)) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(TimeSpan? value) => value is { } v ? AppendValue(DuckDbInterval.FromTimeSpan(v)) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(DuckDbInterval? value) => value is { } v ? Put(v, static (w, r, x) => w.WriteInterval(r, x)) : AppendNullValue();

    public DuckDbAppenderRow AppendValue(Guid? value) => value is { } v ? Put(v, static (w, r, x) => w.WriteGuid(r, x)) : AppendNullValue();

    /// <summary>Writes a value of any supported CLR type (boxed; prefer the typed overloads in hot loops).</summary>
    public DuckDbAppenderRow AppendValue(object? value) => value switch
    {
        null or DBNull => AppendNullValue(),
        bool v => AppendValue(v),
        sbyte v => AppendValue(v),
        short v => AppendValue(v),
        int v => AppendValue(v),
        long v => AppendValue(v),
        byte v => AppendValue(v),
        ushort v => AppendValue(v),
        uint v => AppendValue(v),
        ulong v => AppendValue(v),
        Int128 v => AppendValue(v),
        BigInteger v => AppendValue(v),
        float v => AppendValue(v),
        double v => AppendValue(v),
        decimal v => AppendValue(v),
        string v => AppendValue(v),
        byte[] v => AppendValue(v),
        DateTime v => AppendValue(v),
        DateTimeOffset v => AppendValue(v),
        DateOnly v => AppendValue(v),
        TimeOnly v => AppendValue(v),
        TimeSpan v => AppendValue(v),
        DuckDbInterval v => AppendValue(v),
        Guid v => AppendValue(v),
        _ => throw new NotSupportedException($"The appender cannot write a {value.GetType().FullName}."),
    };

    /// <summary>Completes the row. It is sent to DuckDB with the next full chunk, Flush or Close.</summary>
    public void EndRow() => _appender.EndRow();

    /// <summary>Writes one value through a static (non-capturing) delegate, so no closure is allocated per value.</summary>
    private DuckDbAppenderRow Put<T>(T value, Action<Internal.Vectors.Writers.VectorWriter, ulong, T> write)
    {
        write(_appender.NextColumn(), _appender.CurrentRow, value);
        return this;
    }
}
