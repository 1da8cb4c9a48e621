using System.Globalization;
using Logbook.Core.Templates;
using Logbook.Core.Warehouses;
using Logbook.Warehouse.DuckDb;

namespace Logbook.Warehouse.Postgres.Tests;

/// <summary>
/// The template helpers compile to different SQL on each engine; one model file must mean the same on both. Each
/// case evaluates the same helper call on DuckDB and on PostgreSQL and compares the values.
/// </summary>
public sealed class DialectParityTests
{
    private static readonly PgDatabase s_postgres = new();
    private static readonly IWarehouse s_duckDb = DuckDbWarehouse.FromTarget(
        new WarehouseTarget("duck", WarehouseKind.DuckDb, new Dictionary<string, string> { ["path"] = ":memory:parity" }), Path.GetTempPath());

    public static TheoryData<string, string, string> DatePairs => new()
    {
        { "year", "2024-12-31 23:59:59", "2025-01-01 00:00:01" },
        { "quarter", "2024-03-31 10:00:00", "2025-04-01 00:00:00" },
        { "month", "2024-01-31 00:00:00", "2024-03-01 00:00:00" },
        { "week", "2024-01-06 12:00:00", "2024-01-22 00:00:00" },
        { "day", "2024-01-01 23:59:59", "2024-01-03 00:00:00" },
        { "hour", "2024-01-01 10:59:59", "2024-01-01 12:00:00" },
        { "minute", "2024-01-01 10:00:59", "2024-01-01 10:03:00" },
        { "second", "2024-01-01 10:00:00.900", "2024-01-01 10:00:02.100" },
        { "day", "2024-03-05 00:00:00", "2024-03-01 00:00:00" },
        { "week", "2024-01-07 00:00:00", "2024-01-08 00:00:00" },
        { "week", "2024-01-08 00:00:00", "2024-01-01 23:00:00" },
    };

    [Theory]
    [MemberData(nameof(DatePairs))]
    public void Date_helpers_agree(string part, string start, string end)
    {
        var s = $"cast('{start}' as timestamp)";
        var e = $"cast('{end}' as timestamp)";
        Same(d => d.DateDiff(part, s, e));
        Same(d => d.DateTrunc(part, e));
        Same(d => d.DateAdd(part, "3", s));
        Same(d => d.DateAdd(part, "-2", e));
    }

    [Theory]
    [InlineData("{\"operationType\": \"REPLACED_OR_INSERTED\", \"count\": 3000000000}", "operationType")]
    [InlineData("{\"operationType\": \"REPLACED_OR_INSERTED\", \"count\": 3000000000}", "count")]
    [InlineData("{\"total_queries\": 12, \"nested\": {\"deep\": \"x\"}}", "nested.deep")]
    [InlineData("{\"total_queries\": 12}", "missing")]
    [InlineData("{\"truncated\": \"abc", "truncated")]
    [InlineData("not json at all", "a")]
    [InlineData("", "a")]
    [InlineData("{\"flag\": true, \"ratio\": 1.5, \"nothing\": null}", "flag")]
    [InlineData("{\"flag\": true, \"ratio\": 1.5, \"nothing\": null}", "ratio")]
    [InlineData("{\"flag\": true, \"ratio\": 1.5, \"nothing\": null}", "nothing")]
    public void Json_extraction_agrees_and_is_null_on_invalid_json(string json, string field)
    {
        Same(d => d.JsonExtractText($"'{json.Replace("'", "''", StringComparison.Ordinal)}'", $"'{field}'"));
    }

    [Theory]
    [InlineData("'12'", "bigint")]
    [InlineData("'3000000000'", "bigint")]
    [InlineData("'3000000000'", "integer")]
    [InlineData("'x12'", "bigint")]
    [InlineData("'1.5'", "double")]
    [InlineData("'2024-02-29'", "date")]
    [InlineData("'2024-02-30'", "date")]
    [InlineData("'2024-01-01 10:00:00'", "timestamp")]
    [InlineData("'yesterday-ish'", "timestamp")]
    [InlineData("'true'", "boolean")]
    [InlineData("'12.345'", "decimal(10,2)")]
    [InlineData("null", "bigint")]
    public void Safe_cast_agrees_and_is_null_when_the_cast_fails(string expression, string type)
    {
        Same(d => d.SafeCast(expression, type));
    }

    [Fact]
    public void Surrogate_keys_agree_and_tell_null_from_empty()
    {
        Same(d => d.SurrogateKey(["'a'", "cast(null as varchar)", "42", "cast('2024-01-01 10:00:00' as timestamp)"]));
        var withNull = Evaluate(s_duckDb, SqlDialects.DuckDb.SurrogateKey(["cast(null as varchar)"]));
        var withEmpty = Evaluate(s_duckDb, SqlDialects.DuckDb.SurrogateKey(["''"]));
        withNull.Should().NotBe(withEmpty);
    }

    [Fact]
    public void Current_utc_timestamp_is_utc_on_both()
    {
        foreach (var (warehouse, dialect) in new[] { (s_duckDb, SqlDialects.DuckDb), ((IWarehouse)s_postgres.Warehouse, SqlDialects.Postgres) })
        {
            var value = DateTime.Parse(Evaluate(warehouse, dialect.CurrentTimestampUtc())!, CultureInfo.InvariantCulture);
            (value - DateTime.UtcNow).Duration().Should().BeLessThan(TimeSpan.FromMinutes(1), dialect.Name);
        }
    }

    [Fact]
    public void An_unsupported_safe_cast_type_on_postgresql_is_refused_with_the_supported_list()
    {
        FluentActions.Invoking(() => SqlDialects.Postgres.SafeCast("x", "interval")).Should().Throw<ArgumentException>().WithMessage("safe_cast to 'interval' is not supported on PostgreSQL; use one of varchar, text, bigint*");
    }

    private static void Same(Func<ISqlDialect, string> helper)
    {
        var duck = Evaluate(s_duckDb, helper(SqlDialects.DuckDb));
        var postgres = Evaluate(s_postgres.Warehouse, helper(SqlDialects.Postgres));
        postgres.Should().Be(duck, $"DuckDB: {helper(SqlDialects.DuckDb)}\nPostgreSQL: {helper(SqlDialects.Postgres)}");
    }

    /// <summary>The value as invariant text (timestamps as ISO), so both engines' types compare.</summary>
    private static string? Evaluate(IWarehouse warehouse, string expression)
    {
        using var connection = warehouse.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"select {expression}";
        var value = command.ExecuteScalar();
        return value switch
        {
            null or DBNull => null,
            DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }
}
