using System.Globalization;
using System.Text;

namespace Logbook.DuckDb;

/// <summary>
/// A DuckDB INTERVAL: months, days and microseconds kept apart, as the engine keeps them. A month has no fixed
/// length, so an interval only converts to <see cref="TimeSpan"/> when <see cref="Months"/> is zero.
/// </summary>
public readonly record struct DuckDbInterval(int Months, int Days, long Micros)
{
    private const long MicrosPerDay = 86_400_000_000L;

    /// <summary>Splits a TimeSpan into whole days and the remaining microseconds.</summary>
    public static DuckDbInterval FromTimeSpan(TimeSpan value)
    {
        var micros = value.Ticks / 10;
        var days = micros / MicrosPerDay;
        return new DuckDbInterval(0, checked((int)days), micros - (days * MicrosPerDay));
    }

    /// <summary>The interval as a TimeSpan; throws when it has months, which have no fixed length.</summary>
    public TimeSpan ToTimeSpan()
    {
        if (Months != 0)
        {
            throw new InvalidCastException($"The interval '{this}' has months, which have no fixed length; it cannot be a TimeSpan.");
        }

        return TimeSpan.FromTicks(checked((Days * MicrosPerDay + Micros) * 10));
    }

    /// <summary>DuckDB's own rendering, for example <c>1 year 2 months 3 days 04:05:06.000007</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        var years = Months / 12;
        var months = Months % 12;
        Append(builder, years, "year");
        Append(builder, months, "month");
        Append(builder, Days, "day");
        if (Micros != 0 || builder.Length == 0)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            var micros = Micros;
            if (micros < 0)
            {
                builder.Append('-');
                micros = -micros;
            }

            var time = TimeSpan.FromTicks(micros * 10);
            builder.Append(((long)time.TotalHours).ToString("00", CultureInfo.InvariantCulture))
                .Append(':').Append(time.Minutes.ToString("00", CultureInfo.InvariantCulture))
                .Append(':').Append(time.Seconds.ToString("00", CultureInfo.InvariantCulture));
            var fraction = micros % 1_000_000;
            if (fraction != 0)
            {
                builder.Append('.').Append(fraction.ToString("000000", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, int value, string unit)
    {
        if (value == 0)
        {
            return;
        }

        if (builder.Length > 0)
        {
            builder.Append(' ');
        }

        builder.Append(value.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(unit);
        if (value is not 1 and not -1)
        {
            builder.Append('s');
        }
    }
}
