using Logbook.DuckDb.Tests.Support;

namespace Logbook.DuckDb.Tests;

public sealed class ReaderTests : DuckDbTestBase
{
    [Fact]
    public void Reads_every_row_across_chunk_boundaries()
    {
        using var command = Command("SELECT i, i::VARCHAR AS s, (i / 100.0)::DECIMAL(12,2) AS d FROM range(10000) r(i) ORDER BY i");
        using var reader = command.ExecuteReader();
        var expected = 0L;
        while (reader.Read())
        {
            reader.GetInt64(0).Should().Be(expected);
            reader.GetString(1).Should().Be(expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // DuckDB.NET #141 returned the first row's decimal for every row after the move to chunks.
            reader.GetDecimal(2).Should().Be(expected / 100m);
            expected++;
        }

        expected.Should().Be(10000);
    }

    [Fact]
    public void Enum_values_beyond_one_vector_read_correctly()
    {
        Execute("CREATE TYPE kind AS ENUM ('a', 'b', 'c')");
        Execute("CREATE TABLE e AS SELECT (['a','b','c'])[1 + i % 3]::kind AS k FROM range(5000) r(i)");
        using var command = Command("SELECT k FROM e");
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>();
        while (reader.Read())
        {
            var k = reader.GetString(0);
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }

        counts.Values.Sum().Should().Be(5000);
        counts.Keys.Should().BeEquivalentTo("a", "b", "c");
    }

    [Fact]
    public void Each_row_returning_statement_is_a_result_set_and_others_count_as_affected()
    {
        using var command = Command("CREATE TABLE t(a INT); INSERT INTO t VALUES (1),(2); SELECT a FROM t ORDER BY a; SELECT 'x' AS s; DELETE FROM t");
        using var reader = command.ExecuteReader();
        reader.FieldCount.Should().Be(1);
        reader.GetName(0).Should().Be("a");
        reader.Read().Should().BeTrue();
        reader.GetInt32(0).Should().Be(1);
        reader.NextResult().Should().BeTrue();
        reader.Read().Should().BeTrue();
        reader.GetString(0).Should().Be("x");
        reader.NextResult().Should().BeFalse();
        reader.RecordsAffected.Should().Be(4);
    }

    [Fact]
    public void Closing_a_reader_early_still_runs_the_remaining_statements()
    {
        Execute("CREATE TABLE t(a INT)");
        using (var command = Command("SELECT 1; INSERT INTO t VALUES (42)"))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
        }

        Scalar("SELECT a FROM t").Should().Be(42);
    }

    [Fact]
    public void Has_rows_is_known_before_the_first_read()
    {
        using (var command = Command("SELECT 1 WHERE false"))
        using (var reader = command.ExecuteReader())
        {
            reader.HasRows.Should().BeFalse();
            reader.Read().Should().BeFalse();
        }

        using (var command = Command("SELECT 1"))
        using (var reader = command.ExecuteReader())
        {
            reader.HasRows.Should().BeTrue();
            reader.Read().Should().BeTrue();
        }
    }

    [Fact]
    public void Get_ordinal_ignores_case_like_duckdb_does()
    {
        using var command = Command("SELECT 1 AS value, 2 AS \"Mixed\", 3 AS other");
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.GetOrdinal("Mixed").Should().Be(1);
        reader.GetOrdinal("mixed").Should().Be(1);
        reader.GetOrdinal("VALUE").Should().Be(0);
        reader.GetOrdinal("OTHER").Should().Be(2);
        reader["other"].Should().Be(3);
        reader.Invoking(r => r.GetOrdinal("missing")).Should().Throw<IndexOutOfRangeException>();
    }

    [Fact]
    public void Reading_before_read_is_a_clear_error()
    {
        using var command = Command("SELECT 1");
        using var reader = command.ExecuteReader();
        reader.Invoking(r => r.GetValue(0)).Should().Throw<InvalidOperationException>().WithMessage("*Read()*");
    }

    [Fact]
    public void Schema_table_describes_the_columns()
    {
        using var command = Command("SELECT 1::DECIMAL(9,2) AS amount, 'x' AS name");
        using var reader = command.ExecuteReader();
        var schema = reader.GetSchemaTable();
        schema.Rows.Count.Should().Be(2);
        schema.Rows[0]["ColumnName"].Should().Be("amount");
        schema.Rows[0]["DataTypeName"].Should().Be("DECIMAL(9,2)");
        schema.Rows[0]["NumericScale"].Should().Be((short)2);
        schema.Rows[1]["DataType"].Should().Be(typeof(string));
    }

    [Fact]
    public void A_runtime_error_while_streaming_surfaces_as_duckdb_exception()
    {
        using var command = Command("SELECT CASE WHEN i < 5000 THEN i::VARCHAR ELSE 'boom' END::INTEGER FROM range(10000) r(i)");
        var act = () =>
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
            }
        };
        act.Should().Throw<DuckDbException>().Where(e => e.ErrorType == Native.DuckDbErrorType.Conversion);
        Scalar("SELECT 1").Should().Be(1);
    }

    [Fact]
    public void Unsupported_types_name_the_cast_to_use()
    {
        using var command = Command("SELECT '101'::BIT");
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.Invoking(r => r.GetValue(0)).Should().Throw<NotSupportedException>().WithMessage("*BIT*::VARCHAR*");
    }

    [Fact]
    public void Integer_getters_widen_and_narrow_with_checks()
    {
        using var command = Command("SELECT 7::TINYINT, 300::INTEGER, 5000000000::BIGINT");
        using var reader = command.ExecuteReader();
        reader.Read();
        reader.GetInt64(0).Should().Be(7);
        reader.GetInt32(1).Should().Be(300);
        reader.Invoking(r => r.GetByte(1)).Should().Throw<OverflowException>();
        reader.Invoking(r => r.GetInt32(2)).Should().Throw<OverflowException>();
        reader.GetFieldValue<long>(1).Should().Be(300);
    }
}
