using System.Text;
using Logbook.Core.Warehouses;

namespace Logbook.Core.Replication;

/// <summary>
/// One page of source rows, held by column: fixed-size values in typed arrays, text and JSON as UTF-8 in one shared
/// buffer. A sync keeps two pages and refills them in turn (<see cref="Clear"/>), so a page costs no allocation per
/// value: boxed rows of .NET strings (about 3 KB a row) outlived the GC's young generation while the page waited to be
/// written, and copying them halved the read rate (bench/README.md, `replication`). Text is never decoded: the
/// bytes go from the source's wire format to the warehouse's appender as they are.
/// Fill a row with one <c>Set</c> per column, in order, between <see cref="BeginRow"/> and <see cref="EndRow"/>.
/// </summary>
public sealed class SourcePage
{
    private readonly Column[] _columns;
    private byte[] _text = new byte[64 * 1024];
    private int _textUsed;
    private int _column = -1;

    public SourcePage(IReadOnlyList<SourceColumn> columns, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _columns = [.. columns.Select(c => new Column(c.Kind, capacity))];
        Capacity = capacity;
    }

    public int Count { get; private set; }

    public int Capacity { get; }

    public int ColumnCount => _columns.Length;

    /// <summary>Empties the page for the next read, keeping its arrays.</summary>
    public void Clear()
    {
        Count = 0;
        _textUsed = 0;
        _column = -1;
    }

    public void BeginRow()
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException($"the page holds {Capacity} rows at most");
        }

        _column = 0;
    }

    public void EndRow()
    {
        if (_column != _columns.Length)
        {
            throw new InvalidOperationException($"a row needs {_columns.Length} values, got {_column}");
        }

        Count++;
        _column = -1;
    }

    public void SetNull() => Next().Nulls[Count] = true;

    public void Set(long value) => Next(ValueShape.Int64).Int64s![Count] = value;

    public void Set(double value) => Next(ValueShape.Double).Doubles![Count] = value;

    public void Set(bool value) => Next(ValueShape.Boolean).Booleans![Count] = value;

    public void Set(Guid value) => Next(ValueShape.Guid).Guids![Count] = value;

    public void Set(decimal value) => Next(ValueShape.Decimal).Decimals![Count] = value;

    /// <summary>An instant (UTC) for a timestamp column, or a day for a date column (its date part).</summary>
    public void Set(DateTime value) => Next(ValueShape.DateTime).DateTimes![Count] = value;

    public void Set(TimeOnly value) => Next(ValueShape.Time).Times![Count] = value;

    /// <summary>
    /// Reserves <paramref name="length"/> bytes of UTF-8 text (or raw bytes, for a bytes column) for the current
    /// column and returns where to copy them: a reader fills them in place, with no intermediate array.
    /// </summary>
    public (byte[] Buffer, int Offset) ReserveBytes(int length)
    {
        var column = Next(ValueShape.Bytes);
        if (_textUsed + length > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_textUsed + length, _text.Length * 2));
        }

        column.Starts![Count] = _textUsed;
        column.Lengths![Count] = length;
        var offset = _textUsed;
        _textUsed += length;
        return (_text, offset);
    }

    /// <summary>Sets the current column from a boxed value of the column's kind (strings are encoded as UTF-8).</summary>
    public void SetValue(object? value)
    {
        if (value is null)
        {
            SetNull();
            return;
        }

        switch (Current().Shape)
        {
            case ValueShape.Int64: Set(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case ValueShape.Double: Set(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case ValueShape.Boolean: Set((bool)value); break;
            case ValueShape.Guid: Set((Guid)value); break;
            case ValueShape.Decimal: Set(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case ValueShape.DateTime: Set(value is DateOnly day ? day.ToDateTime(TimeOnly.MinValue) : (DateTime)value); break;
            case ValueShape.Time: Set((TimeOnly)value); break;
            default:
                var bytes = value as byte[] ?? Encoding.UTF8.GetBytes((string)value);
                var (buffer, offset) = ReserveBytes(bytes.Length);
                bytes.CopyTo(buffer, offset);
                break;
        }
    }

    public bool IsNull(int row, int column) => _columns[column].Nulls[Check(row)];

    /// <summary>A value as an object of the column's kind (text decoded to a string); null for NULL. For keys and cursors, not for bulk copies.</summary>
    public object? Value(int row, int column)
    {
        var c = _columns[column];
        if (c.Nulls[Check(row)])
        {
            return null;
        }

        return c.Kind switch
        {
            SourceColumnKind.SmallInt => (short)c.Int64s![row],
            SourceColumnKind.Integer => (int)c.Int64s![row],
            SourceColumnKind.BigInt => c.Int64s![row],
            SourceColumnKind.Real => (float)c.Doubles![row],
            SourceColumnKind.Double => c.Doubles![row],
            SourceColumnKind.Boolean => c.Booleans![row],
            SourceColumnKind.Uuid => c.Guids![row],
            SourceColumnKind.Decimal => c.Decimals![row],
            SourceColumnKind.TimestampTz => c.DateTimes![row],
            SourceColumnKind.Date => DateOnly.FromDateTime(c.DateTimes![row]),
            SourceColumnKind.Time => c.Times![row],
            SourceColumnKind.Bytes => Bytes(c, row).ToArray(),
            _ => Encoding.UTF8.GetString(Bytes(c, row)),
        };
    }

    /// <summary>Writes one row into a bulk load, one value per column in order (text as its UTF-8 bytes), and ends it.</summary>
    public void WriteRow(int row, IBulkWriter writer)
    {
        Check(row);
        for (var i = 0; i < _columns.Length; i++)
        {
            var c = _columns[i];
            if (c.Nulls[row])
            {
                writer.WriteNull();
                continue;
            }

            _ = c.Shape switch
            {
                ValueShape.Int64 => writer.Write(c.Int64s![row]),
                ValueShape.Double => writer.Write(c.Doubles![row]),
                ValueShape.Boolean => writer.Write(c.Booleans![row]),
                ValueShape.Bytes when c.Kind == SourceColumnKind.Bytes => writer.WriteValue(Bytes(c, row).ToArray()),
                ValueShape.Bytes => writer.WriteUtf8(Bytes(c, row)),
                _ => writer.WriteValue(Value(row, i)),
            };
        }

        writer.EndRow();
    }

    private ReadOnlySpan<byte> Bytes(Column column, int row) => _text.AsSpan(column.Starts![row], column.Lengths![row]);

    private int Check(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        return row;
    }

    private Column Current()
    {
        if (_column < 0 || _column >= _columns.Length)
        {
            throw new InvalidOperationException(_column < 0 ? "BeginRow first" : $"a row has {_columns.Length} values");
        }

        return _columns[_column];
    }

    private Column Next()
    {
        var column = Current();
        _column++;
        return column;
    }

    private Column Next(ValueShape shape)
    {
        var column = Next();
        if (column.Shape != shape)
        {
            _column--;
            throw new InvalidCastException($"column {_column} holds {column.Kind}, not a {shape} value");
        }

        column.Nulls[Count] = false;
        return column;
    }

    private enum ValueShape
    {
        Int64,
        Double,
        Boolean,
        Guid,
        Decimal,
        DateTime,
        Time,
        Bytes,
    }

    /// <summary>One column's storage: the array of its shape, allocated once for the page's capacity.</summary>
    private sealed class Column
    {
        public Column(SourceColumnKind kind, int capacity)
        {
            Kind = kind;
            Nulls = new bool[capacity];
            Shape = kind switch
            {
                SourceColumnKind.SmallInt or SourceColumnKind.Integer or SourceColumnKind.BigInt => ValueShape.Int64,
                SourceColumnKind.Real or SourceColumnKind.Double => ValueShape.Double,
                SourceColumnKind.Boolean => ValueShape.Boolean,
                SourceColumnKind.Uuid => ValueShape.Guid,
                SourceColumnKind.Decimal => ValueShape.Decimal,
                SourceColumnKind.TimestampTz or SourceColumnKind.Date => ValueShape.DateTime,
                SourceColumnKind.Time => ValueShape.Time,
                _ => ValueShape.Bytes,
            };
            switch (Shape)
            {
                case ValueShape.Int64: Int64s = new long[capacity]; break;
                case ValueShape.Double: Doubles = new double[capacity]; break;
                case ValueShape.Boolean: Booleans = new bool[capacity]; break;
                case ValueShape.Guid: Guids = new Guid[capacity]; break;
                case ValueShape.Decimal: Decimals = new decimal[capacity]; break;
                case ValueShape.DateTime: DateTimes = new DateTime[capacity]; break;
                case ValueShape.Time: Times = new TimeOnly[capacity]; break;
                default: Starts = new int[capacity]; Lengths = new int[capacity]; break;
            }
        }

        public SourceColumnKind Kind { get; }

        public ValueShape Shape { get; }

        public bool[] Nulls { get; }

        public long[]? Int64s { get; }

        public double[]? Doubles { get; }

        public bool[]? Booleans { get; }

        public Guid[]? Guids { get; }

        public decimal[]? Decimals { get; }

        public DateTime[]? DateTimes { get; }

        public TimeOnly[]? Times { get; }

        public int[]? Starts { get; }

        public int[]? Lengths { get; }
    }
}
