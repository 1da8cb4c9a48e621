namespace Logbook.DuckDb.Internal.TypeMapping;

/// <summary>Conversions between DuckDB's epoch-based temporal encodings and .NET types. DuckDB counts
/// microseconds (TIMESTAMP, TIME) or days (DATE) from 1970-01-01; .NET counts 100 ns ticks from year 1.</summary>
internal static class Temporal
{
    private const long TicksPerMicro = 10;
    private static readonly long s_epochTicks = DateTime.UnixEpoch.Ticks;
    private static readonly int s_epochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    // DuckDB encodes +/-infinity as the extreme values of the storage type.
    private const long TimestampInfinity = long.MaxValue;
    private const long TimestampNegativeInfinity = -long.MaxValue;
    private const int DateInfinity = int.MaxValue;
    private const int DateNegativeInfinity = -int.MaxValue;

    public static DateTime MicrosToDateTime(long micros, DateTimeKind kind)
    {
        switch (micros)
        {
            case TimestampInfinity:
                return DateTime.SpecifyKind(DateTime.MaxValue, kind);
            case TimestampNegativeInfinity:
                return DateTime.SpecifyKind(DateTime.MinValue, kind);
        }

        var ticks = s_epochTicks + (micros * TicksPerMicro);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            throw new InvalidCastException($"The timestamp {micros} µs from 1970-01-01 is outside the range of System.DateTime.");
        }

        return new DateTime(ticks, kind);
    }

    public static long DateTimeToMicros(DateTime value)
    {
        if (value == DateTime.MaxValue)
        {
            return TimestampInfinity;
        }

        return value == DateTime.MinValue ? TimestampNegativeInfinity : (value.Ticks - s_epochTicks) / TicksPerMicro;
    }

    public static DateOnly DaysToDate(int days) => days switch
    {
        DateInfinity => DateOnly.MaxValue,
        DateNegativeInfinity => DateOnly.MinValue,
        _ => DateOnly.FromDayNumber(checked(days + s_epochDayNumber)),
    };

    public static int DateToDays(DateOnly value)
    {
        if (value == DateOnly.MaxValue)
        {
            return DateInfinity;
        }

        return value == DateOnly.MinValue ? DateNegativeInfinity : value.DayNumber - s_epochDayNumber;
    }

    public static TimeOnly MicrosToTime(long micros) =>
        micros >= TimeSpan.TicksPerDay / TicksPerMicro ? TimeOnly.MaxValue : new TimeOnly(micros * TicksPerMicro);

    public static long TimeToMicros(TimeOnly value) => value.Ticks / TicksPerMicro;
}
