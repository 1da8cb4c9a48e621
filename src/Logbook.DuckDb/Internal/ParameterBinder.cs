using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using Logbook.DuckDb.Internal.TypeMapping;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal;

/// <summary>
/// Binds parameter values to a prepared statement with DuckDB's typed bind functions. Nothing is formatted as
/// text, so culture never leaks into SQL (DuckDB.NET #261). Mapping:
/// DateTime(Utc/Local) -> TIMESTAMPTZ, DateTime(Unspecified) -> TIMESTAMP, DateTimeOffset -> TIMESTAMPTZ,
/// DateOnly -> DATE, TimeOnly -> TIME, TimeSpan/DuckDbInterval -> INTERVAL, decimal -> DECIMAL(38, scale),
/// BigInteger/Int128 -> HUGEINT, UInt128 -> UHUGEINT, Guid -> UUID, byte[] -> BLOB.
/// </summary>
internal static class ParameterBinder
{
    public static void BindAll(DuckDbPreparedStatementHandle statement, DuckDbParameterCollection parameters, string sql)
    {
        var count = NativeMethods.PreparedStatements.DuckDbNParams(statement);
        for (var index = 1UL; index <= count; index++)
        {
            var name = NativeStrings.ReadAndFree(NativeMethods.PreparedStatements.DuckDbParameterName(statement, index));
            DuckDbParameter? parameter;
            var position = (int)index;
            if (name is null || int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out position))
            {
                position = name is null ? (int)index : position;
                parameter = position <= parameters.Count ? parameters.GetAt(position - 1) : null;
                if (parameter is null)
                {
                    throw new InvalidOperationException($"The SQL has parameter ${position} but the command has {parameters.Count} parameter(s). [SQL: {ThrowHelper.FirstLine(sql)}]");
                }
            }
            else
            {
                parameter = parameters.FindByBareName(name)
                    ?? throw new InvalidOperationException($"No value was given for parameter ${name}. [SQL: {ThrowHelper.FirstLine(sql)}]");
            }

            if (Bind(statement, index, parameter.Value) != DuckDbState.Success)
            {
                var reason = NativeStrings.ReadBorrowed(NativeMethods.PreparedStatements.DuckDbPrepareError(statement));
                throw new ArgumentException($"DuckDB could not bind parameter ${name ?? index.ToString(CultureInfo.InvariantCulture)} ({parameter.Value?.GetType().Name}): {reason}");
            }
        }
    }

    private static unsafe DuckDbState Bind(DuckDbPreparedStatementHandle s, ulong i, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                return NativeMethods.PreparedStatements.DuckDbBindNull(s, i);
            case bool v:
                return NativeMethods.PreparedStatements.DuckDbBindBoolean(s, i, v);
            case sbyte v:
                return NativeMethods.PreparedStatements.DuckDbBindInt8(s, i, v);
            case short v:
                return NativeMethods.PreparedStatements.DuckDbBindInt16(s, i, v);
            case int v:
                return NativeMethods.PreparedStatements.DuckDbBindInt32(s, i, v);
            case long v:
                return NativeMethods.PreparedStatements.DuckDbBindInt64(s, i, v);
            case byte v:
                return NativeMethods.PreparedStatements.DuckDbBindUInt8(s, i, v);
            case ushort v:
                return NativeMethods.PreparedStatements.DuckDbBindUInt16(s, i, v);
            case uint v:
                return NativeMethods.PreparedStatements.DuckDbBindUInt32(s, i, v);
            case ulong v:
                return NativeMethods.PreparedStatements.DuckDbBindUInt64(s, i, v);
            case float v:
                return NativeMethods.PreparedStatements.DuckDbBindFloat(s, i, v);
            case double v:
                return NativeMethods.PreparedStatements.DuckDbBindDouble(s, i, v);
            case decimal v:
                return NativeMethods.PreparedStatements.DuckDbBindDecimal(s, i, ToDuckDbDecimal(v));
            case Int128 v:
                return NativeMethods.PreparedStatements.DuckDbBindHugeInt(s, i, new DuckDbHugeInt(v));
            case UInt128 v:
                return NativeMethods.PreparedStatements.DuckDbBindUHugeInt(s, i, new DuckDbUHugeInt(v));
            case BigInteger v:
                return v.Sign >= 0 && v > (BigInteger)Int128.MaxValue
                    ? NativeMethods.PreparedStatements.DuckDbBindUHugeInt(s, i, new DuckDbUHugeInt((UInt128)v))
                    : NativeMethods.PreparedStatements.DuckDbBindHugeInt(s, i, new DuckDbHugeInt((Int128)v));
            case string v:
                return BindString(s, i, v);
            case char v:
                return BindString(s, i, v.ToString());
            case byte[] v:
                fixed (byte* p = v)
                {
                    return NativeMethods.PreparedStatements.DuckDbBindBlob(s, i, p, (ulong)v.Length);
                }

            case ReadOnlyMemory<byte> v:
                fixed (byte* p = v.Span)
                {
                    return NativeMethods.PreparedStatements.DuckDbBindBlob(s, i, p, (ulong)v.Length);
                }

            case DateTime v when v.Kind == DateTimeKind.Unspecified:
                return NativeMethods.PreparedStatements.DuckDbBindTimestamp(s, i, Temporal.DateTimeToMicros(v));
            case DateTime v:
                return NativeMethods.PreparedStatements.DuckDbBindTimestampTz(s, i, Temporal.DateTimeToMicros(v.ToUniversalTime()));
            case DateTimeOffset v:
                return NativeMethods.PreparedStatements.DuckDbBindTimestampTz(s, i, Temporal.DateTimeToMicros(v.UtcDateTime));
            case DateOnly v:
                return NativeMethods.PreparedStatements.DuckDbBindDate(s, i, Temporal.DateToDays(v));
            case TimeOnly v:
                return NativeMethods.PreparedStatements.DuckDbBindTime(s, i, Temporal.TimeToMicros(v));
            case TimeSpan v:
                return BindInterval(s, i, DuckDbInterval.FromTimeSpan(v));
            case DuckDbInterval v:
                return BindInterval(s, i, v);
            case Guid v:
                return BindUuid(s, i, v);
            case Enum v:
                return Bind(s, i, Convert.ChangeType(v, v.GetTypeCode(), CultureInfo.InvariantCulture));
            default:
                throw new NotSupportedException($"Parameters of type {value.GetType().FullName} are not supported; convert the value to a primitive, string, decimal, date/time, Guid or byte[].");
        }
    }

    private static DuckDbState BindInterval(DuckDbPreparedStatementHandle s, ulong i, DuckDbInterval v) =>
        NativeMethods.PreparedStatements.DuckDbBindInterval(s, i, new DuckDbIntervalStruct { Months = v.Months, Days = v.Days, Micros = v.Micros });

    private static unsafe DuckDbState BindString(DuckDbPreparedStatementHandle s, ulong i, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(value, buffer);
            fixed (byte* p = buffer)
            {
                return NativeMethods.PreparedStatements.DuckDbBindVarcharLength(s, i, p, (ulong)written);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static DuckDbState BindUuid(DuckDbPreparedStatementHandle s, ulong i, Guid value)
    {
        using var uuid = new DuckDbValueHandle(NativeMethods.Value.DuckDbCreateUuid(GuidToUHugeInt(value)));
        return NativeMethods.PreparedStatements.DuckDbBindValue(s, i, uuid);
    }

    /// <summary>The UUID as the 128-bit number its text spells (big-endian), which duckdb_create_uuid takes.</summary>
    internal static DuckDbUHugeInt GuidToUHugeInt(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        return new DuckDbUHugeInt
        {
            Upper = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes),
            Lower = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        };
    }

    /// <summary>System.Decimal as DECIMAL(38, its own scale): exact, and wide enough for any target column.</summary>
    internal static DuckDbDecimalStruct ToDuckDbDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (byte)((bits[3] >> 16) & 0xFF);
        var negative = bits[3] < 0;
        return new DuckDbDecimalStruct { Width = 38, Scale = scale, Value = new DuckDbHugeInt(negative ? -magnitude : magnitude) };
    }
}
