using System.Globalization;
using System.Text.Json;
using Logbook.DuckDb.Internal.TypeMapping;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal.Vectors.Readers;

/// <summary>DATE: days since 1970-01-01, read as DateOnly (GetDateTime gives midnight).</summary>
internal sealed unsafe class DateVectorReader(DuckDbColumnType type) : VectorReader(type)
{
    public override Type ClrType => typeof(DateOnly);

    private DateOnly Read(ulong row) => Temporal.DaysToDate(((int*)Data)[row]);

    public override DateTime GetDateTime(ulong row) => Read(row).ToDateTime(TimeOnly.MinValue);

    public override object GetValue(ulong row) => Read(row);

    public override T GetFieldValue<T>(ulong row) =>
        typeof(T) == typeof(DateTime) ? (T)(object)GetDateTime(row) : base.GetFieldValue<T>(row);

    public override string GetJsonKey(ulong row) => Read(row).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public override void WriteJson(Utf8JsonWriter writer, ulong row) => writer.WriteStringValue(GetJsonKey(row));
}

/// <summary>
/// TIMESTAMP (µs), TIMESTAMP_S/_MS/_NS and TIMESTAMPTZ. All read as DateTime; TIMESTAMPTZ is an instant and
/// reads with Kind=Utc (and as DateTimeOffset on request), the others are wall-clock times with Kind=Unspecified.
/// </summary>
internal sealed unsafe class TimestampVectorReader(DuckDbColumnType type) : VectorReader(type)
{
    private static readonly long s_epochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>Microseconds span DateTime's range in this many units from the epoch either way (a fast-path bound).</summary>
    private const long SafeMicros = 250_000_000_000_000_000L;

    private readonly DateTimeKind _kind = type.Id == DuckDbType.TimestampTz ? DateTimeKind.Utc : DateTimeKind.Unspecified;

    public override Type ClrType => typeof(DateTime);

    public override DateTime GetDateTime(ulong row)
    {
        var raw = ((long*)Data)[row];
        if (Type.Id is DuckDbType.Timestamp or DuckDbType.TimestampTz && (ulong)(raw + SafeMicros) <= (ulong)(2 * SafeMicros))
        {
            // Fast path: microseconds well inside DateTime's range, no infinity.
            return new DateTime(s_epochTicks + (raw * 10), _kind);
        }

        return Slow(raw);
    }

    private DateTime Slow(long raw)
    {
        var micros = Type.Id switch
        {
            DuckDbType.TimestampS => raw is long.MaxValue or -long.MaxValue ? raw : raw * 1_000_000,
            DuckDbType.TimestampMs => raw is long.MaxValue or -long.MaxValue ? raw : raw * 1_000,
            DuckDbType.TimestampNs => raw is long.MaxValue or -long.MaxValue ? raw : raw / 1_000,
            _ => raw,
        };
        var value = Temporal.MicrosToDateTime(micros, _kind);
        if (Type.Id == DuckDbType.TimestampNs && raw is not (long.MaxValue or -long.MaxValue))
        {
            value = value.AddTicks(raw % 1_000 / 100);
        }

        return value;
    }

    public override object GetValue(ulong row) => GetDateTime(row);

    public override T GetFieldValue<T>(ulong row)
    {
        if (typeof(T) == typeof(DateTimeOffset))
        {
            var value = GetDateTime(row);
            return (T)(object)new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));
        }

        return base.GetFieldValue<T>(row);
    }

    public override string GetJsonKey(ulong row) =>
        GetDateTime(row).ToString(_kind == DateTimeKind.Utc ? "yyyy-MM-ddTHH:mm:ss.ffffffZ" : "yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public override void WriteJson(Utf8JsonWriter writer, ulong row) => writer.WriteStringValue(GetJsonKey(row));
}

/// <summary>TIME: microseconds since midnight, read as TimeOnly (TimeSpan on request).</summary>
internal sealed unsafe class TimeVectorReader(DuckDbColumnType type) : VectorReader(type)
{
    public override Type ClrType => typeof(TimeOnly);

    private long Micros(ulong row) => ((long*)Data)[row];

    public override object GetValue(ulong row) => Temporal.MicrosToTime(Micros(row));

    public override T GetFieldValue<T>(ulong row) =>
        typeof(T) == typeof(TimeSpan) ? (T)(object)TimeSpan.FromTicks(Micros(row) * 10) : base.GetFieldValue<T>(row);

    public override string GetJsonKey(ulong row) => Temporal.MicrosToTime(Micros(row)).ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public override void WriteJson(Utf8JsonWriter writer, ulong row) => writer.WriteStringValue(GetJsonKey(row));
}

/// <summary>INTERVAL: months, days and microseconds, read as <see cref="DuckDbInterval"/> (TimeSpan on request).</summary>
internal sealed unsafe class IntervalVectorReader(DuckDbColumnType type) : VectorReader(type)
{
    public override Type ClrType => typeof(DuckDbInterval);

    private DuckDbInterval Read(ulong row)
    {
        var raw = ((DuckDbIntervalStruct*)Data)[row];
        return new DuckDbInterval(raw.Months, raw.Days, raw.Micros);
    }

    public override object GetValue(ulong row) => Read(row);

    public override string GetString(ulong row) => Read(row).ToString();

    public override T GetFieldValue<T>(ulong row) =>
        typeof(T) == typeof(TimeSpan) ? (T)(object)Read(row).ToTimeSpan() : base.GetFieldValue<T>(row);

    public override void WriteJson(Utf8JsonWriter writer, ulong row) => writer.WriteStringValue(Read(row).ToString());
}
