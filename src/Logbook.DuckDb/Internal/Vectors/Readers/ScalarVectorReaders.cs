using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Logbook.DuckDb.Internal.TypeMapping;

namespace Logbook.DuckDb.Internal.Vectors.Readers;

/// <summary>BOOLEAN: one byte per row.</summary>
internal sealed unsafe class BooleanVectorReader(DuckDbColumnType type) : VectorReader(type)
{
    public override Type ClrType => typeof(bool);

    public override bool GetBoolean(ulong row) => Data[row] != 0;

    public override long GetInt64(ulong row) => Data[row];

    private static readonly object s_true = true;
    private static readonly object s_false = false;

    public override object GetValue(ulong row) => GetBoolean(row) ? s_true : s_false;

    public override void WriteJson(Utf8JsonWriter writer, ulong row) => writer.WriteBooleanValue(GetBoolean(row));
}

/// <summary>
/// Fixed-width numbers: TINYINT..UBIGINT, FLOAT, DOUBLE. Reads never box on the typed getters; integer getters
/// convert with overflow checks, so reading a UBIGINT above long.MaxValue with GetInt64 fails loudly.
/// </summary>
internal sealed unsafe class NumericVectorReader<T>(DuckDbColumnType type) : VectorReader(type)
    where T : unmanaged, INumber<T>
{
    public override Type ClrType => typeof(T);

    private T Read(ulong row) => ((T*)Data)[row];

    public override long GetInt64(ulong row)
    {
        if (typeof(T) == typeof(long))
        {
            return ((long*)Data)[row];
        }

        if (typeof(T) == typeof(double) || typeof(T) == typeof(float))
        {
            return ThrowHelper.ThrowInvalidCast<long>(Type.Name);
        }

        return long.CreateChecked(Read(row));
    }

    public override double GetDouble(ulong row) =>
        typeof(T) == typeof(double) ? ((double*)Data)[row] : double.CreateChecked(Read(row));

    public override decimal GetDecimal(ulong row) => decimal.CreateChecked(Read(row));

    public override bool GetBoolean(ulong row) => Read(row) != T.Zero;

    public override object GetValue(ulong row) => Read(row);

    public override T1 GetFieldValue<T1>(ulong row)
    {
        if (typeof(T1) == typeof(T))
        {
            var value = Read(row);
            return System.Runtime.CompilerServices.Unsafe.As<T, T1>(ref value);
        }

        return base.GetFieldValue<T1>(row);
    }

    public override void WriteJson(Utf8JsonWriter writer, ulong row)
    {
        var value = Read(row);
        if (typeof(T) == typeof(double) || typeof(T) == typeof(float))
        {
            var d = double.CreateChecked(value);
            if (double.IsFinite(d))
            {
                writer.WriteNumberValue(d);
            }
            else
            {
                writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
            }

            return;
        }

        if (typeof(T) == typeof(ulong))
        {
            writer.WriteNumberValue(((ulong*)Data)[row]);
            return;
        }

        writer.WriteNumberValue(long.CreateChecked(value));
    }
}

/// <summary>HUGEINT and UHUGEINT (128-bit). Values read as BigInteger (as DuckDB.NET does); Int128/UInt128 on request.</summary>
internal sealed unsafe class HugeIntVectorReader(DuckDbColumnType type, bool unsigned) : VectorReader(type)
{
    public override Type ClrType => typeof(BigInteger);

    private Int128 Signed(ulong row) => ((Native.DuckDbHugeInt*)Data)[row].ToInt128();

    private UInt128 Unsigned(ulong row) => ((Native.DuckDbUHugeInt*)Data)[row].ToUInt128();

    public override object GetValue(ulong row) => unsigned ? (BigInteger)Unsigned(row) : (BigInteger)Signed(row);

    public override long GetInt64(ulong row) => unsigned ? checked((long)Unsigned(row)) : checked((long)Signed(row));

    public override double GetDouble(ulong row) => unsigned ? (double)Unsigned(row) : (double)Signed(row);

    public override decimal GetDecimal(ulong row) => unsigned ? (decimal)Unsigned(row) : (decimal)Signed(row);

    public override T GetFieldValue<T>(ulong row)
    {
        if (typeof(T) == typeof(Int128))
        {
            return (T)(object)(unsigned ? checked((Int128)Unsigned(row)) : Signed(row));
        }

        if (typeof(T) == typeof(UInt128))
        {
            return (T)(object)(unsigned ? Unsigned(row) : checked((UInt128)Signed(row)));
        }

        return base.GetFieldValue<T>(row);
    }

    public override void WriteJson(Utf8JsonWriter writer, ulong row) =>
        writer.WriteRawValue(unsigned ? Unsigned(row).ToString(CultureInfo.InvariantCulture) : Signed(row).ToString(CultureInfo.InvariantCulture));
}

/// <summary>
/// DECIMAL(width, scale), stored as a scaled integer of 16, 32, 64 or 128 bits depending on the width. Read
/// exactly into System.Decimal when it fits (28 digits of scale, 96 bits of magnitude); otherwise reading as
/// decimal throws OverflowException and the exact text is still available through GetString/GetFieldValue&lt;string&gt;.
/// </summary>
internal sealed unsafe class DecimalVectorReader(DuckDbColumnType type) : VectorReader(type)
{
    private static readonly Int128 s_maxMantissa = ((Int128)1 << 96) - 1;

    public override Type ClrType => typeof(decimal);

    private Int128 Unscaled(ulong row) => Type.InternalType switch
    {
        Native.DuckDbType.SmallInt => ((short*)Data)[row],
        Native.DuckDbType.Integer => ((int*)Data)[row],
        Native.DuckDbType.BigInt => ((long*)Data)[row],
        _ => ((Native.DuckDbHugeInt*)Data)[row].ToInt128(),
    };

    public override decimal GetDecimal(ulong row)
    {
        var unscaled = Unscaled(row);
        var negative = unscaled < 0;
        var magnitude = negative ? -unscaled : unscaled;
        if (magnitude > s_maxMantissa || Type.DecimalScale > 28)
        {
            throw new OverflowException($"The {Type.Name} value {Text(row)} does not fit System.Decimal; read it with GetString or GetDouble.");
        }

        var bits = (UInt128)magnitude;
        return new decimal((int)(uint)bits, (int)(uint)(bits >> 32), (int)(uint)(bits >> 64), negative, Type.DecimalScale);
    }

    public override double GetDouble(ulong row) => (double)Unscaled(row) / Math.Pow(10, Type.DecimalScale);

    public override long GetInt64(ulong row) => checked((long)GetDecimal(row));

    public override string GetString(ulong row) => Text(row);

    public override object GetValue(ulong row) => GetDecimal(row);

    public override T GetFieldValue<T>(ulong row) =>
        typeof(T) == typeof(string) ? (T)(object)Text(row) : base.GetFieldValue<T>(row);

    public override string GetJsonKey(ulong row) => Text(row);

    public override void WriteJson(Utf8JsonWriter writer, ulong row) => writer.WriteRawValue(Text(row));

    /// <summary>The exact decimal text, for any width and scale.</summary>
    private string Text(ulong row)
    {
        var unscaled = Unscaled(row);
        var scale = Type.DecimalScale;
        var digits = (unscaled < 0 ? -unscaled : unscaled).ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = string.Concat(digits.AsSpan(0, digits.Length - scale), ".", digits.AsSpan(digits.Length - scale));
        }

        return unscaled < 0 ? "-" + digits : digits;
    }
}
