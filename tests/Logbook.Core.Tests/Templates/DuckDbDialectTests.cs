using Logbook.Core.Templates;
using Logbook.DuckDb;

namespace Logbook.Core.Tests.Templates;

/// <summary>The DuckDB helpers compile to SQL that DuckDB runs and that gives the documented answers.</summary>
public sealed class DuckDbDialectTests : IDisposable
{
    private readonly DuckDbConnection _connection = new(":memory:");
    private readonly ISqlDialect _dialect = SqlDialects.DuckDb;

    public DuckDbDialectTests() => _connection.Open();

    private object? Eval(string expression)
    {
        using var command = new DuckDbCommand("select " + expression, _connection);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    [Fact]
    public void Date_helpers_truncate_diff_and_add()
    {
        Eval(_dialect.DateTrunc("day", "timestamp '2026-11-22 13:14:15'")).Should().Be(new DateTime(2026, 11, 22));
        Eval(_dialect.DateDiff("day", "timestamp '2026-11-21 23:59:00'", "timestamp '2026-11-22 00:01:00'")).Should().Be(1L, "a day boundary was crossed");
        Eval(_dialect.DateDiff("second", "timestamp '2026-11-22 00:00:00'", "timestamp '2026-11-22 00:01:30'")).Should().Be(90L);
        Eval(_dialect.DateAdd("hour", "-2", "timestamp '2026-11-22 01:00:00'")).Should().Be(new DateTime(2026, 11, 21, 23, 0, 0));
    }

    [Fact]
    public void Json_extraction_returns_null_for_invalid_or_truncated_json()
    {
        Eval(_dialect.JsonExtractText("'{\"status\": \"SUCCESSFUL\", \"n\": 5}'", "'status'")).Should().Be("SUCCESSFUL");
        Eval(_dialect.JsonExtractText("'{\"status\": \"SUCC'", "'status'")).Should().BeNull();
        Eval(_dialect.JsonExtractText("'not json at all'", "'status'")).Should().BeNull();
        Eval(_dialect.JsonExtractText("'{\"other\": 1}'", "'status'")).Should().BeNull();
    }

    [Fact]
    public void Safe_cast_current_time_and_surrogate_key()
    {
        Eval(_dialect.SafeCast("'12x'", "integer")).Should().BeNull();
        Eval(_dialect.SafeCast("'12'", "integer")).Should().Be(12);
        var now = (DateTime)Eval(_dialect.CurrentTimestampUtc())!;
        now.Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
        var withNull = Eval(_dialect.SurrogateKey(["'a'", "null"]));
        var withEmpty = Eval(_dialect.SurrogateKey(["'a'", "''"]));
        withNull.Should().BeOfType<string>().Which.Should().HaveLength(32);
        withNull.Should().NotBe(withEmpty, "NULL and the empty string must give different keys");
    }

    public void Dispose() => _connection.Dispose();
}
