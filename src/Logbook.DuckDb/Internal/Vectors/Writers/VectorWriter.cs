using System.Numerics;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal.Vectors.Writers;

/// <summary>
/// Writes values of one appender column into the vector of the chunk being filled. Each writer accepts only the
/// CLR values that fit its DuckDB type and checks ranges (appending a long to a UINTEGER column must fail, not
/// corrupt memory: DuckDB.NET #268). Values land in row slots; a slot only counts once its row is ended.
/// </summary>
internal abstract unsafe class VectorWriter(Internal.TypeMapping.DuckDbColumnType type, int ordinal)
{
    private IntPtr _vector;
    private ulong* _validity;

    protected byte* Data { get; private set; }

    public Internal.TypeMapping.DuckDbColumnType Type { get; } = type;

    public int Ordinal { get; } = ordinal;

    /// <summary>Points the writer at the column's vector of a fresh (or reset) chunk.</summary>
    public virtual void Reset(IntPtr vector)
    {
        _vector = vector;
        Data = (byte*)NativeMethods.Vector.DuckDbVectorGetData(vector);
        _validity = null;
    }

    public void WriteNull(ulong row)
    {
        if (_validity == null)
        {
            NativeMethods.Vector.DuckDbVectorEnsureValidityWritable(_vector);
            _validity = (ulong*)NativeMethods.Vector.DuckDbVectorGetValidity(_vector);
        }

        _validity[row >> 6] &= ~(1UL << (int)(row & 63));
    }

    /// <summary>Marks the slot valid again: a slot may hold a null from a row that was abandoned half-way.</summary>
    protected void MarkValid(ulong row)
    {
        if (_validity != null)
        {
            _validity[row >> 6] |= 1UL << (int)(row & 63);
        }
    }

    protected IntPtr VectorPointer => _vector;

    public virtual void WriteBoolean(ulong row, bool value) => throw Mismatch(typeof(bool));

    public virtual void WriteInt64(ulong row, long value) => throw Mismatch(typeof(long));

    public virtual void WriteUInt64(ulong row, ulong value) => throw Mismatch(typeof(ulong));

    public virtual void WriteInt128(ulong row, Int128 value) => throw Mismatch(typeof(Int128));

    public virtual void WriteDouble(ulong row, double value) => throw Mismatch(typeof(double));

    public virtual void WriteDecimal(ulong row, decimal value) => throw Mismatch(typeof(decimal));

    public virtual void WriteString(ulong row, string value) => throw Mismatch(typeof(string));

    public virtual void WriteBytes(ulong row, ReadOnlySpan<byte> value) => throw Mismatch(typeof(byte[]));

    public virtual void WriteUtf8(ulong row, ReadOnlySpan<byte> value) => throw Mismatch(typeof(string));

    public virtual void WriteDateTime(ulong row, DateTime value) => throw Mismatch(typeof(DateTime));

    public virtual void WriteDateTimeOffset(ulong row, DateTimeOffset value) => throw Mismatch(typeof(DateTimeOffset));

    public virtual void WriteDate(ulong row, DateOnly value) => throw Mismatch(typeof(DateOnly));

    public virtual void WriteTime(ulong row, TimeOnly value) => throw Mismatch(typeof(TimeOnly));

    public virtual void WriteInterval(ulong row, DuckDbInterval value) => throw Mismatch(typeof(DuckDbInterval));

    public virtual void WriteGuid(ulong row, Guid value) => throw Mismatch(typeof(Guid));

    public void WriteBigInteger(ulong row, BigInteger value)
    {
        if (value < (BigInteger)Int128.MinValue || value > (BigInteger)Int128.MaxValue)
        {
            throw OutOfRange(value);
        }

        WriteInt128(row, (Int128)value);
    }

    protected InvalidCastException Mismatch(Type clrType) =>
        new($"Cannot append a {clrType.Name} to column {Ordinal} of type {Type.Name}.");

    protected OverflowException OutOfRange(object value) =>
        new($"The value {value} is out of range for column {Ordinal} of type {Type.Name}.");
}
