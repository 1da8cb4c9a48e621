using System.Globalization;
using System.Numerics;
using Logbook.DuckDb.Tests.Support;

namespace Logbook.DuckDb.Tests.Types;

/// <summary>Every supported type goes in as a parameter and comes back through the chunk reader unchanged.</summary>
public sealed class TypeRoundTripTests : DuckDbTestBase
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Boolean_round_trips(bool value) => AssertRoundTrip(value, "BOOLEAN", "BOOLEAN");

    [Theory]
    [InlineData(sbyte.MinValue)]
    [InlineData(sbyte.MaxValue)]
    public void Tinyint_round_trips(sbyte value) => AssertRoundTrip(value, "TINYINT", "TINYINT");

    [Theory]
    [InlineData(short.MinValue)]
    [InlineData(short.MaxValue)]
    public void Smallint_round_trips(short value) => AssertRoundTrip(value, "SMALLINT", "SMALLINT");

    [Theory]
    [InlineData(int.MinValue)]
    [InlineData(0)]
    [InlineData(int.MaxValue)]
    public void Integer_round_trips(int value) => AssertRoundTrip(value, "INTEGER", "INTEGER");

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Bigint_round_trips(long value) => AssertRoundTrip(value, "BIGINT", "BIGINT");

    [Theory]
    [InlineData(0UL)]
    [InlineData(ulong.MaxValue)]
    public void Ubigint_round_trips(ulong value) => AssertRoundTrip(value, "UBIGINT", "UBIGINT");

    [Fact]
    public void Ubigint_above_long_range_fails_loudly_when_read_as_int64()
    {
        using var command = Command("SELECT $1::UBIGINT", ulong.MaxValue);
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.Invoking(r => r.GetInt64(0)).Should().Throw<OverflowException>();
    }

    [Theory]
    [InlineData("170141183460469231731687303715884105727")]
    [InlineData("-170141183460469231731687303715884105727")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("18446744073709551616")]
    public void Hugeint_round_trips(string text) => AssertRoundTrip(BigInteger.Parse(text, CultureInfo.InvariantCulture), "HUGEINT", "HUGEINT");

    [Fact]
    public void Hugeint_reads_as_int128_on_request()
    {
        using var command = Command("SELECT $1::HUGEINT", Int128.MinValue + 1);
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.GetFieldValue<Int128>(0).Should().Be(Int128.MinValue + 1);
    }

    [Fact]
    public void Uhugeint_round_trips_its_maximum()
    {
        using var command = Command("SELECT $1::UHUGEINT", UInt128.MaxValue);
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.GetDataTypeName(0).Should().Be("UHUGEINT");
        reader.GetFieldValue<UInt128>(0).Should().Be(UInt128.MaxValue);
        reader.GetValue(0).Should().Be((BigInteger)UInt128.MaxValue);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.5e300)]
    [InlineData(double.Epsilon)]
    [InlineData(double.PositiveInfinity)]
    public void Double_round_trips(double value) => AssertRoundTrip(value, "DOUBLE", "DOUBLE");

    [Fact]
    public void Double_nan_round_trips()
    {
        using var command = Command("SELECT $1::DOUBLE", double.NaN);
        using var reader = command.ExecuteReader();
        reader.Read();
        double.IsNaN(reader.GetDouble(0)).Should().BeTrue();
    }

    [Theory]
    [InlineData("0.09", "DECIMAL(4,2)")]
    [InlineData("-9999.99", "DECIMAL(6,2)")]
    [InlineData("123456789.123456789", "DECIMAL(18,9)")]
    [InlineData("-123456789012345678.901", "DECIMAL(21,3)")]
    [InlineData("79228162514264337593543950335", "DECIMAL(38,0)")]
    [InlineData("-7922816251426433759354395.0335", "DECIMAL(38,4)")]
    [InlineData("0.0000000000000000000000000001", "DECIMAL(38,28)")]
    public void Decimal_round_trips_at_every_storage_width(string text, string sqlType)
    {
        var value = decimal.Parse(text, CultureInfo.InvariantCulture);
        AssertRoundTrip(value, sqlType, sqlType);
    }

    [Fact]
    public void Decimal_parameter_binds_into_a_narrower_column_without_information_loss()
    {
        // DuckDB.NET #303: binding 0.09m against a DECIMAL column raised "Information loss on integer cast".
        Execute("CREATE TABLE prices(p DECIMAL(10,3))");
        Execute("INSERT INTO prices VALUES ($1)", 0.09m);
        Scalar("SELECT p FROM prices").Should().Be(0.090m);
    }

    [Fact]
    public void Decimal_wider_than_system_decimal_reads_exactly_as_text()
    {
        using var command = Command("SELECT '-12345678901234567890123456789012345.678'::DECIMAL(38,3)");
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.Invoking(r => r.GetDecimal(0)).Should().Throw<OverflowException>();
        reader.GetString(0).Should().Be("-12345678901234567890123456789012345.678");
        reader.GetFieldValue<string>(0).Should().Be("-12345678901234567890123456789012345.678");
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("exactly12byt")]
    [InlineData("thirteen byte")]
    [InlineData("naïve café — 日本語 🚀 emoji")]
    public void Varchar_round_trips_inline_and_pointer_strings(string value) => AssertRoundTrip(value, "VARCHAR", "VARCHAR");

    [Fact]
    public void Long_varchar_round_trips()
    {
        var value = string.Concat(Enumerable.Repeat("Ünïcödé ", 20_000));
        AssertRoundTrip(value, "VARCHAR", "VARCHAR");
    }

    [Fact]
    public void Json_reads_as_its_text_with_the_json_type_name()
    {
        AssertRoundTrip("{\"a\":[1,2,{\"b\":null}],\"é\":\"ü\"}", "JSON", "JSON");
    }

    [Fact]
    public void Blob_round_trips()
    {
        var value = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        using var command = Command("SELECT $1::BLOB", value);
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.GetDataTypeName(0).Should().Be("BLOB");
        reader.GetFieldType(0).Should().Be(typeof(byte[]));
        ((byte[])reader.GetValue(0)).Should().Equal(value);
        reader.GetBytes(0, 0, null, 0, 0).Should().Be(5000);
        var buffer = new byte[10];
        reader.GetBytes(0, 100, buffer, 0, 10).Should().Be(10);
        buffer.Should().Equal(value.Skip(100).Take(10));
    }

    [Theory]
    [InlineData("1970-01-01")]
    [InlineData("2026-11-22")]
    [InlineData("0001-01-01")]
    [InlineData("1492-10-12")]
    public void Date_round_trips(string text) => AssertRoundTrip(DateOnly.Parse(text, CultureInfo.InvariantCulture), "DATE", "DATE");

    [Fact]
    public void Timestamp_keeps_microseconds()
    {
        var value = new DateTime(2026, 11, 22, 13, 45, 59, DateTimeKind.Unspecified).AddTicks(1234560);
        AssertRoundTrip(value, "TIMESTAMP", "TIMESTAMP");
    }

    [Fact]
    public void Timestamp_before_1970_keeps_microseconds()
    {
        var value = new DateTime(1901, 2, 3, 4, 5, 6, DateTimeKind.Unspecified).AddTicks(9999990);
        AssertRoundTrip(value, "TIMESTAMP", "TIMESTAMP");
    }

    [Fact]
    public void Timestamptz_reads_as_utc_and_as_datetimeoffset()
    {
        var instant = new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(2)).AddTicks(10);
        using var command = Command("SELECT $1::TIMESTAMPTZ", instant);
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.GetDataTypeName(0).Should().Be("TIMESTAMP WITH TIME ZONE");
        var value = reader.GetDateTime(0);
        value.Kind.Should().Be(DateTimeKind.Utc);
        value.Should().Be(instant.UtcDateTime);
        reader.GetFieldValue<DateTimeOffset>(0).Should().Be(instant);
    }

    [Fact]
    public void Utc_datetime_parameter_is_an_instant()
    {
        var utc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Scalar("SELECT $1 = '2026-01-01 00:00:00+00'::TIMESTAMPTZ", utc).Should().Be(true);
        Scalar("SELECT typeof($1)", utc).Should().Be("TIMESTAMP WITH TIME ZONE");
        Scalar("SELECT typeof($1)", DateTime.SpecifyKind(utc, DateTimeKind.Unspecified)).Should().Be("TIMESTAMP");
    }

    [Theory]
    [InlineData("TIMESTAMP_S", "2026-11-22 10:11:12")]
    [InlineData("TIMESTAMP_MS", "2026-11-22 10:11:12.345")]
    [InlineData("TIMESTAMP_NS", "2026-11-22 10:11:12.3456789")]
    public void Timestamp_units_read_as_datetime(string sqlType, string text)
    {
        using var command = Command($"SELECT '{text}'::{sqlType}");
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.GetDateTime(0).Should().Be(DateTime.Parse(text, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Infinite_timestamps_read_as_the_datetime_extremes()
    {
        using var command = Command("SELECT 'infinity'::TIMESTAMP, '-infinity'::TIMESTAMP");
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.GetDateTime(0).Should().Be(DateTime.MaxValue);
        reader.GetDateTime(1).Should().Be(DateTime.MinValue);
    }

    [Fact]
    public void Time_round_trips() => AssertRoundTrip(new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(9999990)), "TIME", "TIME");

    [Fact]
    public void Interval_round_trips_months_days_and_micros()
    {
        AssertRoundTrip(new DuckDbInterval(14, -3, 3_723_000_004L), "INTERVAL", "INTERVAL");
        Scalar("SELECT INTERVAL '1 year 2 months 3 days 04:05:06.000007'")!.ToString().Should().Be("1 year 2 months 3 days 04:05:06.000007");
    }

    [Fact]
    public void Timespan_parameter_is_an_interval_and_reads_back_as_timespan()
    {
        var span = new TimeSpan(2, 3, 4, 5, 6);
        using var command = Command("SELECT $1 = INTERVAL '2 days 03:04:05.006', $1", span);
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.GetBoolean(0).Should().BeTrue();
        reader.GetFieldValue<TimeSpan>(1).Should().Be(span);
    }

    [Fact]
    public void Interval_with_months_refuses_to_become_a_timespan()
    {
        using var command = Command("SELECT INTERVAL 1 MONTH");
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.Invoking(r => r.GetFieldValue<TimeSpan>(0)).Should().Throw<InvalidCastException>();
    }

    [Theory]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff")]
    [InlineData("7fffffff-ffff-ffff-ffff-ffffffffffff")]
    [InlineData("80000000-0000-0000-0000-000000000000")]
    public void Uuid_round_trips_and_matches_its_text(string text)
    {
        var value = Guid.Parse(text);
        AssertRoundTrip(value, "UUID", "UUID");
        Scalar("SELECT $1::VARCHAR", value).Should().Be(text);
        Scalar($"SELECT '{text}'::UUID = $1", value).Should().Be(true);
    }

    [Fact]
    public void List_reads_as_json_text_with_nulls()
    {
        Scalar("SELECT [1, NULL, 3]").Should().Be("[1,null,3]");
        Scalar("SELECT ['a', NULL, 'é\"q']").Should().Be("[\"a\",null,\"\\u00E9\\u0022q\"]");
        Scalar("SELECT [[1,2],[],NULL]").Should().Be("[[1,2],[],null]");
        Scalar("SELECT []::INTEGER[]").Should().Be("[]");
        Scalar("SELECT [DATE '2026-01-02', NULL]").Should().Be("[\"2026-01-02\",null]");
        Scalar("SELECT [1.50::DECIMAL(5,2)]").Should().Be("[1.50]");
    }

    [Fact]
    public void List_type_name_and_field_type_describe_json_text()
    {
        using var command = Command("SELECT [1,2]");
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.GetDataTypeName(0).Should().Be("INTEGER[]");
        reader.GetFieldType(0).Should().Be(typeof(string));
    }

    [Fact]
    public void Struct_map_and_array_read_as_json_text()
    {
        Scalar("SELECT {'a': 1, 'b': [true, NULL], 'c': NULL}").Should().Be("{\"a\":1,\"b\":[true,null],\"c\":null}");
        Scalar("SELECT MAP {'k1': 10, 'k2': NULL}").Should().Be("{\"k1\":10,\"k2\":null}");
        Scalar("SELECT [1, 2, 3]::INTEGER[3]").Should().Be("[1,2,3]");
        Scalar("SELECT [{'j': '{\"x\":1}'::JSON}]").Should().Be("[{\"j\":{\"x\":1}}]");
    }

    [Fact]
    public void Enum_reads_its_member_name()
    {
        Execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
        Scalar("SELECT 'happy'::mood").Should().Be("happy");
    }

    [Fact]
    public void Null_of_every_type_reads_as_dbnull()
    {
        AssertNullRoundTrip<bool>("BOOLEAN");
        AssertNullRoundTrip<sbyte>("TINYINT");
        AssertNullRoundTrip<short>("SMALLINT");
        AssertNullRoundTrip<int>("INTEGER");
        AssertNullRoundTrip<long>("BIGINT");
        AssertNullRoundTrip<ulong>("UBIGINT");
        AssertNullRoundTrip<double>("DOUBLE");
        AssertNullRoundTrip<decimal>("DECIMAL(18,3)");
        AssertNullRoundTrip<decimal>("DECIMAL(38,3)");
        AssertNullRoundTrip<BigInteger>("HUGEINT");
        AssertNullRoundTrip<DateOnly>("DATE");
        AssertNullRoundTrip<DateTime>("TIMESTAMP");
        AssertNullRoundTrip<DateTime>("TIMESTAMPTZ");
        AssertNullRoundTrip<DuckDbInterval>("INTERVAL");
        AssertNullRoundTrip<Guid>("UUID");
        foreach (var sqlType in new[] { "VARCHAR", "JSON", "BLOB", "INTEGER[]", "STRUCT(a INT)" })
        {
            using var command = Command($"SELECT NULL::{sqlType}");
            using var reader = command.ExecuteReader();
            reader.Read();
            reader.IsDBNull(0).Should().BeTrue(sqlType);
            reader.GetFieldValue<string?>(0).Should().BeNull(sqlType);
        }
    }

    [Fact]
    public void Reading_a_null_with_a_typed_getter_says_which_column()
    {
        using var command = Command("SELECT NULL::BIGINT AS amount");
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.Invoking(r => r.GetInt64(0)).Should().Throw<InvalidCastException>().WithMessage("*amount*NULL*");
    }

    [Fact]
    public void Parameters_do_not_depend_on_the_current_culture()
    {
        // DuckDB.NET #261: a DateTime parameter was formatted with the current culture.
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-CA");
            var when = new DateTime(2026, 11, 22, 18, 15, 17, DateTimeKind.Unspecified);
            Execute("CREATE TABLE c(d DOUBLE, m DECIMAL(10,2), t TIMESTAMP)");
            Execute("INSERT INTO c BY NAME SELECT $1 AS d, $2 AS m, $3 AS t", 1.5, 2.25m, when);
            using var command = Command("SELECT d, m, t FROM c");
            using var reader = command.ExecuteReader();
            reader.Read();
            reader.GetDouble(0).Should().Be(1.5);
            reader.GetDecimal(1).Should().Be(2.25m);
            reader.GetDateTime(2).Should().Be(when);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
