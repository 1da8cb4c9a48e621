using System.Numerics;
using Logbook.DuckDb.Internal.TypeMapping;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal.Vectors.Writers;

/// <summary>BOOLEAN.</summary>
internal sealed unsafe class BooleanVectorWriter(DuckDbColumnType type, int ordinal) : VectorWriter(type, ordinal)
{
    public override void WriteBoolean(ulong row, bool value)
    {
        Data[row] = value ? (byte)1 : (byte)0;
        MarkValid(row);
    }
}

/// <summary>TINYINT..UBIGINT: any integer that fits, checked.</summary>
internal sealed unsafe class IntegerVectorWriter<T>(DuckDbColumnType type, int ordinal) : VectorWriter(type, ordinal)
    where T : unmanaged, IBinaryInteger<T>
{
    public override void WriteInt64(ulong row, long value) => Store(row, value);

    public override void WriteUInt64(ulong row, ulong value) => Store(row, value);

    public override void WriteInt128(ulong row, Int128 value) => Store(row, value);

    private void Store<TValue>(ulong row, TValue value)
        where TValue : IBinaryInteger<TValue>
    {
        T converted;
        try
        {
            converted = T.CreateChecked(value);
        }
        catch (OverflowException)
        {
            throw OutOfRange(value);
        }

        ((T*)Data)[row] = converted;
        MarkValid(row);
    }
}

/// <summary>FLOAT and DOUBLE.</summary>
internal sealed unsafe class FloatingVectorWriter<T>(DuckDbColumnType type, int ordinal) : VectorWriter(type, ordinal)
    where T : unmanaged, IFloatingPoint<T>
{
    public override void WriteDouble(ulong row, double value)
    {
        ((T*)Data)[row] = T.CreateSaturating(value);
        MarkValid(row);
    }

    public override void WriteInt64(ulong row, long value) => WriteDouble(row, value);

    public override void WriteDecimal(ulong row, decimal value) => WriteDouble(row, (double)value);
}

/// <summary>HUGEINT and UHUGEINT.</summary>
internal sealed unsafe class HugeIntVectorWriter(DuckDbColumnType type, int ordinal, bool unsigned) : VectorWriter(type, ordinal)
{
    public override void WriteInt128(ulong row, Int128 value)
    {
        if (unsigned)
        {
            if (value < 0)
            {
                throw OutOfRange(value);
            }

            ((DuckDbUHugeInt*)Data)[row] = new DuckDbUHugeInt((UInt128)value);
        }
        else
        {
            ((DuckDbHugeInt*)Data)[row] = new DuckDbHugeInt(value);
        }

        MarkValid(row);
    }

    public override void WriteInt64(ulong row, long value) => WriteInt128(row, value);

    public override void WriteUInt64(ulong row, ulong value) => WriteInt128(row, value);
}

/// <summary>
/// DECIMAL(width, scale): the value is rounded to the column's scale (half away from zero, as DuckDB's own cast
/// does) and must fit its width.
/// </summary>
internal sealed unsafe class DecimalVectorWriter(DuckDbColumnType type, int ordinal) : VectorWriter(type, ordinal)
{
    private readonly Int128 _limit = Pow10(type.DecimalWidth);

    public override void WriteDecimal(ulong row, decimal value)
    {
        var rounded = Math.Round(value, Math.Min((int)Type.DecimalScale, 28), MidpointRounding.AwayFromZero);
        var parts = ParameterBinder.ToDuckDbDecimal(rounded);
        var unscaled = parts.Value.ToInt128() * Pow10(Type.DecimalScale - parts.Scale);
        if (unscaled >= _limit || unscaled <= -_limit)
        {
            throw OutOfRange(value);
        }

        switch (Type.InternalType)
        {
            case DuckDbType.SmallInt:
                ((short*)Data)[row] = (short)unscaled;
                break;
            case DuckDbType.Integer:
                ((int*)Data)[row] = (int)unscaled;
                break;
            case DuckDbType.BigInt:
                ((long*)Data)[row] = (long)unscaled;
                break;
            default:
                ((DuckDbHugeInt*)Data)[row] = new DuckDbHugeInt(unscaled);
                break;
        }

        MarkValid(row);
    }

    public override void WriteInt64(ulong row, long value) => WriteDecimal(row, value);

    public override void WriteDouble(ulong row, double value) => WriteDecimal(row, (decimal)value);

    private static Int128 Pow10(int exponent)
    {
        Int128 result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}

/// <summary>VARCHAR, JSON and BLOB: bytes are copied into the vector's own string heap by DuckDB.</summary>
internal sealed unsafe class StringVectorWriter(DuckDbColumnType type, int ordinal) : VectorWriter(type, ordinal)
{
    private byte[] _buffer = new byte[256];

    public override void WriteString(ulong row, string value)
    {
        if (Type.Id == DuckDbType.Blob)
        {
            throw Mismatch(typeof(string));
        }

        var max = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > _buffer.Length)
        {
            _buffer = new byte[Math.Max(max, _buffer.Length * 2)];
        }

        var length = System.Text.Encoding.UTF8.GetBytes(value, _buffer);
        fixed (byte* p = _buffer)
        {
            NativeMethods.Vector.DuckDbVectorAssignStringElementLen(VectorPointer, row, p, (ulong)length);
        }

        MarkValid(row);
    }

    public override void WriteUtf8(ulong row, ReadOnlySpan<byte> value)
    {
        // DuckDB trusts a vector's strings to be UTF-8; checking costs far less than the copy.
        if (Type.Id == DuckDbType.Blob)
        {
            throw Mismatch(typeof(string));
        }

        if (!System.Text.Unicode.Utf8.IsValid(value))
        {
            throw new ArgumentException($"Cannot append invalid UTF-8 to column {Ordinal} of type {Type.Name}.");
        }

        fixed (byte* p = value)
        {
            NativeMethods.Vector.DuckDbVectorAssignStringElementLen(VectorPointer, row, p, (ulong)value.Length);
        }

        MarkValid(row);
    }

    public override void WriteBytes(ulong row, ReadOnlySpan<byte> value)
    {
        if (Type.Id != DuckDbType.Blob)
        {
            throw Mismatch(typeof(byte[]));
        }

        fixed (byte* p = value)
        {
            NativeMethods.Vector.DuckDbVectorAssignStringElementLen(VectorPointer, row, p, (ulong)value.Length);
        }

        MarkValid(row);
    }
}

/// <summary>UUID: stored as a hugeint with the top bit flipped.</summary>
internal sealed unsafe class UuidVectorWriter(DuckDbColumnType type, int ordinal) : VectorWriter(type, ordinal)
{
    public override void WriteGuid(ulong row, Guid value)
    {
        var number = ParameterBinder.GuidToUHugeInt(value);
        ((DuckDbHugeInt*)Data)[row] = new DuckDbHugeInt { Lower = number.Lower, Upper = (long)(number.Upper ^ (1UL << 63)) };
        MarkValid(row);
    }

    public override void WriteString(ulong row, string value) => WriteGuid(row, Guid.Parse(value));
}

/// <summary>Columns of types the appender does not write (LIST, STRUCT, ENUM...): only NULL goes in.</summary>
internal sealed class UnsupportedVectorWriter(DuckDbColumnType type, int ordinal) : VectorWriter(type, ordinal);
