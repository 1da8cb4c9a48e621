using System.Numerics;
using Logbook.DuckDb.Tests.Support;

namespace Logbook.DuckDb.Tests;

public sealed class AppenderTests : DuckDbTestBase
{
    [Fact]
    public void Appends_a_million_rows_of_mixed_types()
    {
        Execute("CREATE TABLE big(id BIGINT, amount DOUBLE, label VARCHAR, happened TIMESTAMP, flag BOOLEAN)");
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        using (var appender = Connection.CreateAppender("big"))
        {
            for (var i = 0; i < 1_000_000; i++)
            {
                var row = appender.CreateRow().AppendValue((long)i).AppendValue(i * 0.5);
                if (i % 10 == 0)
                {
                    row.AppendNullValue();
                }
                else
                {
                    row.AppendValue("label-" + i);
                }

                row.AppendValue(start.AddTicks(i * 10L)).AppendValue(i % 3 == 0).EndRow();
            }

            appender.Close();
            appender.RowsAppended.Should().Be(1_000_000);
        }

        Scalar("SELECT label FROM big WHERE id = 999999").Should().Be("label-999999");
        using var command = Command("SELECT count(*), sum(id), sum(amount), count(label), max(happened), count(*) FILTER (WHERE flag) FROM big");
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.GetInt64(0).Should().Be(1_000_000);
        reader.GetFieldValue<BigInteger>(1).Should().Be(new BigInteger(499_999_500_000L));
        reader.GetDouble(2).Should().Be(249_999_750_000.0);
        reader.GetInt64(3).Should().Be(900_000);
        reader.GetDateTime(4).Should().Be(start.AddTicks(999_999 * 10L));
        reader.GetInt64(5).Should().Be(333_334);
    }

    [Fact]
    public void Appends_every_writable_type_and_nulls()
    {
        Execute("""
            CREATE TABLE every(b BOOLEAN, ti TINYINT, si SMALLINT, i INTEGER, bi BIGINT, ub UBIGINT, hi HUGEINT,
                d DOUBLE, f FLOAT, dec DECIMAL(18,3), wide DECIMAL(38,10), s VARCHAR, j JSON, bl BLOB, dt DATE,
                ts TIMESTAMP, tz TIMESTAMPTZ, tm TIME, iv INTERVAL, u UUID)
            """);
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var instant = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(-4)).AddTicks(120);
        using (var appender = Connection.CreateAppender("every"))
        {
            appender.CreateRow()
                .AppendValue(true).AppendValue((sbyte)-5).AppendValue((short)-300).AppendValue(70000).AppendValue(-9_000_000_000L)
                .AppendValue(ulong.MaxValue).AppendValue(Int128.MaxValue).AppendValue(1.25).AppendValue(2.5f)
                .AppendValue(-123.4565m).AppendValue(12345678901234567.0123456789m).AppendValue("héllo wörld, a longer string")
                .AppendValue("{\"k\":[1,2]}").AppendValue(new byte[] { 0, 1, 2, 255 }).AppendValue(new DateOnly(2026, 2, 28))
                .AppendValue(new DateTime(2026, 2, 28, 23, 59, 59).AddTicks(9999990)).AppendValue(instant)
                .AppendValue(new TimeOnly(12, 34, 56)).AppendValue(new DuckDbInterval(1, 2, 3)).AppendValue(guid)
                .EndRow();
            var nulls = appender.CreateRow();
            for (var i = 0; i < 20; i++)
            {
                nulls.AppendNullValue();
            }

            nulls.EndRow();
        }

        using var command = Command("SELECT * FROM every ORDER BY b NULLS LAST");
        using var reader = command.ExecuteReader();
        reader.Read().Should().BeTrue();
        reader.GetBoolean(0).Should().BeTrue();
        reader.GetFieldValue<sbyte>(1).Should().Be(-5);
        reader.GetInt16(2).Should().Be(-300);
        reader.GetInt32(3).Should().Be(70000);
        reader.GetInt64(4).Should().Be(-9_000_000_000L);
        reader.GetFieldValue<ulong>(5).Should().Be(ulong.MaxValue);
        reader.GetFieldValue<Int128>(6).Should().Be(Int128.MaxValue);
        reader.GetDouble(7).Should().Be(1.25);
        reader.GetFloat(8).Should().Be(2.5f);
        reader.GetDecimal(9).Should().Be(-123.457m, "the value is rounded half away from zero to the column's scale");
        reader.GetDecimal(10).Should().Be(12345678901234567.0123456789m);
        reader.GetString(11).Should().Be("héllo wörld, a longer string");
        reader.GetString(12).Should().Be("{\"k\":[1,2]}");
        ((byte[])reader.GetValue(13)).Should().Equal(0, 1, 2, 255);
        reader.GetFieldValue<DateOnly>(14).Should().Be(new DateOnly(2026, 2, 28));
        reader.GetDateTime(15).Should().Be(new DateTime(2026, 2, 28, 23, 59, 59).AddTicks(9999990));
        reader.GetFieldValue<DateTimeOffset>(16).Should().Be(instant);
        reader.GetFieldValue<TimeOnly>(17).Should().Be(new TimeOnly(12, 34, 56));
        reader.GetFieldValue<DuckDbInterval>(18).Should().Be(new DuckDbInterval(1, 2, 3));
        reader.GetGuid(19).Should().Be(guid);
        reader.Read().Should().BeTrue();
        for (var i = 0; i < 20; i++)
        {
            reader.IsDBNull(i).Should().BeTrue();
        }
    }

    [Fact]
    public void A_value_out_of_the_column_range_is_refused_before_it_reaches_duckdb()
    {
        // DuckDB.NET #268: appending a long to a UINTEGER column crashed the CLR.
        Execute("CREATE TABLE u(x UINTEGER)");
        using var appender = Connection.CreateAppender("u");
        appender.Invoking(a => a.CreateRow().AppendValue(-1L)).Should().Throw<OverflowException>().WithMessage("*column 0*UINTEGER*");
        appender.Invoking(a => a.CreateRow().AppendValue(5_000_000_000L)).Should().Throw<OverflowException>();
        appender.Invoking(a => a.CreateRow().AppendValue("text")).Should().Throw<InvalidCastException>().WithMessage("*String*UINTEGER*");
    }

    [Fact]
    public void Text_given_as_utf8_bytes_lands_as_the_same_text_and_invalid_utf8_or_a_blob_column_is_refused()
    {
        Execute("CREATE TABLE t(s VARCHAR, j JSON, b BLOB)");
        using (var appender = Connection.CreateAppender("t"))
        {
            appender.CreateRow().AppendUtf8("héllo wörld ✓ 𝄞"u8).AppendUtf8("{\"durationMs\": 12}"u8).AppendNullValue().EndRow();
            appender.CreateRow().AppendUtf8(""u8).AppendNullValue().AppendNullValue().EndRow();
            appender.Invoking(a => a.CreateRow().AppendUtf8([0x68, 0xC3, 0x28])).Should().Throw<ArgumentException>().WithMessage("*invalid UTF-8*column 0*");
            appender.Close();
        }

        Scalar("SELECT string_agg(s, '|' ORDER BY s DESC) FROM t").Should().Be("héllo wörld ✓ 𝄞|");
        Scalar("SELECT j->>'durationMs' FROM t WHERE j IS NOT NULL").Should().Be("12");
        using var blob = Connection.CreateAppender("t");
        blob.Invoking(a => a.CreateRow().AppendUtf8("x"u8).AppendUtf8("1"u8).AppendUtf8("raw"u8)).Should().Throw<InvalidCastException>().WithMessage("*column 2*BLOB*");
    }

    [Fact]
    public void A_row_abandoned_half_way_is_discarded_and_dispose_flushes_the_complete_rows()
    {
        // DuckDB.NET #355: after AppendValue threw, Dispose flushed a half-written chunk and the process died.
        Execute("CREATE TABLE r(a INT, b VARCHAR)");
        using (var appender = Connection.CreateAppender("r"))
        {
            appender.CreateRow().AppendValue(1).AppendValue("one").EndRow();
            appender.Invoking(a => a.CreateRow().AppendNullValue().AppendValue(2.5m)).Should().Throw<InvalidCastException>();
            appender.CreateRow().AppendValue(3).AppendValue("three").EndRow();
        }

        using var command = Command("SELECT a, b FROM r ORDER BY a");
        using var reader = command.ExecuteReader();
        reader.Read().Should().BeTrue();
        reader.GetInt32(0).Should().Be(1);
        reader.Read().Should().BeTrue();
        reader.GetInt32(0).Should().Be(3, "the slot that held the abandoned NULL is valid again");
        reader.GetString(1).Should().Be("three");
        reader.Read().Should().BeFalse();
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_values_is_refused()
    {
        Execute("CREATE TABLE r(a INT, b INT)");
        using var appender = Connection.CreateAppender("r");
        appender.Invoking(a => a.CreateRow().AppendValue(1).EndRow()).Should().Throw<InvalidOperationException>().WithMessage("*1 value*2 columns*");
        appender.Invoking(a => a.CreateRow().AppendValue(1).AppendValue(2).AppendValue(3)).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void A_constraint_violation_surfaces_when_rows_are_flushed()
    {
        Execute("CREATE TABLE k(id INT PRIMARY KEY)");
        var appender = Connection.CreateAppender("k");
        appender.CreateRow().AppendValue(1).EndRow();
        appender.CreateRow().AppendValue(1).EndRow();
        appender.Invoking(a => a.Close()).Should().Throw<DuckDbException>().WithMessage("*uplicate*");
        appender.Invoking(a => a.CreateRow()).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void An_unknown_table_is_a_clear_error()
    {
        Connection.Invoking(c => c.CreateAppender("nope")).Should().Throw<DuckDbException>().WithMessage("*nope*");
    }

    [Fact]
    public void Appender_in_a_rolled_back_transaction_leaves_nothing()
    {
        Execute("CREATE TABLE r(a INT)");
        using (var transaction = Connection.BeginTransaction())
        {
            using (var appender = Connection.CreateAppender("main", "r"))
            {
                for (var i = 0; i < 5000; i++)
                {
                    appender.CreateRow().AppendValue(i).EndRow();
                }
            }

            Scalar("SELECT count(*) FROM r").Should().Be(5000L);
            transaction.Rollback();
        }

        Scalar("SELECT count(*) FROM r").Should().Be(0L);
    }
}
