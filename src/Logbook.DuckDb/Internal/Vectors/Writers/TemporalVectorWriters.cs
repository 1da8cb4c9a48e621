using Logbook.DuckDb.Internal.TypeMapping;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal.Vectors.Writers;

/// <summary>DATE from DateOnly or the date part of a DateTime.</summary>
internal sealed unsafe class DateVectorWriter(DuckDbColumnType type, int ordinal) : VectorWriter(type, ordinal)
{
    public override void WriteDate(ulong row, DateOnly value)
    {
        ((int*)Data)[row] = Temporal.DateToDays(value);
        MarkValid(row);
    }

    public override void WriteDateTime(ulong row, DateTime value) => WriteDate(row, DateOnly.FromDateTime(value));
}

/// <summary>
/// TIMESTAMP (and _S/_MS/_NS) and TIMESTAMPTZ. A TIMESTAMPTZ column stores instants: DateTimeOffset and
/// Local/Utc DateTimes are converted to UTC, and an Unspecified DateTime is taken to be UTC already.
/// </summary>
internal sealed unsafe class TimestampVectorWriter(DuckDbColumnType type, int ordinal) : VectorWriter(type, ordinal)
{
    public override void WriteDateTime(ulong row, DateTime value)
    {
        if (Type.Id == DuckDbType.TimestampTz && value.Kind == DateTimeKind.Local)
        {
            value = value.ToUniversalTime();
        }

        var micros = Temporal.DateTimeToMicros(value);
        ((long*)Data)[row] = Type.Id switch
        {
            DuckDbType.TimestampS => micros / 1_000_000,
            DuckDbType.TimestampMs => micros / 1_000,
            DuckDbType.TimestampNs => checked(micros * 1_000),
            _ => micros,
        };
        MarkValid(row);
    }

    public override void WriteDateTimeOffset(ulong row, DateTimeOffset value) => WriteDateTime(row, value.UtcDateTime);

    public override void WriteDate(ulong row, DateOnly value) => WriteDateTime(row, value.ToDateTime(TimeOnly.MinValue));
}

/// <summary>TIME from TimeOnly or a TimeSpan within a day.</summary>
internal sealed unsafe class TimeVectorWriter(DuckDbColumnType type, int ordinal) : VectorWriter(type, ordinal)
{
    public override void WriteTime(ulong row, TimeOnly value)
    {
        ((long*)Data)[row] = Temporal.TimeToMicros(value);
        MarkValid(row);
    }
}

/// <summary>INTERVAL from DuckDbInterval or TimeSpan.</summary>
internal sealed unsafe class IntervalVectorWriter(DuckDbColumnType type, int ordinal) : VectorWriter(type, ordinal)
{
    public override void WriteInterval(ulong row, DuckDbInterval value)
    {
        ((DuckDbIntervalStruct*)Data)[row] = new DuckDbIntervalStruct { Months = value.Months, Days = value.Days, Micros = value.Micros };
        MarkValid(row);
    }
}
