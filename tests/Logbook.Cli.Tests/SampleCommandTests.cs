namespace Logbook.Cli.Tests;

public sealed class SampleCommandTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Writes_the_dataset_and_prints_a_line_per_table_and_the_elapsed_time()
    {
        var run = _cli.Run("sample", "fivetran-log", "--warehouse", "sample.duckdb", "--connections", "3", "--days", "1", "--until", "2026-03-01", "--seed", "9");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Error.Should().BeEmpty();
        var lines = run.Out.TrimEnd('\n').Split('\n');
        lines.Should().HaveCount(11);
        lines[..10].Should().OnlyContain(line => line.StartsWith("  fivetran_log.", StringComparison.Ordinal) && line.EndsWith(" rows", StringComparison.Ordinal));
        lines.Should().Contain(line => line.StartsWith("  fivetran_log.connection ", StringComparison.Ordinal) && line.EndsWith(" 3 rows", StringComparison.Ordinal));
        lines[^1].Should().MatchRegex(@"^Wrote [\d,]+ rows \(2026-02-28 to 2026-03-01, exclusive\) into DuckDB database .*sample\.duckdb in \d+\.\d s \([\d,]+ rows/s\)\.$");

        var count = _cli.Run("sql", "select count(*) from fivetran_log.connection", "--warehouse", "sample.duckdb", "-f", "csv");
        count.Out.Should().Be("count_star()\r\n3\r\n");
    }

    [Fact]
    public void The_legacy_switch_and_the_schema_option_reach_the_generator()
    {
        var run = _cli.Run("sample", "fivetran-log", "--warehouse", "sample.duckdb", "--connections", "2", "--days", "1", "--until", "2026-03-01",
            "--schema", "fivetran_metadata", "--legacy-connector-table", "--optional-tables");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain("  fivetran_metadata.connector ").And.NotContain(".connection ").And.Contain("fivetran_metadata.audit_trail");
    }

    [Theory]
    [InlineData("--days", "0", "--days must be between 1 and")]
    [InlineData("--connections", "-4", "--connections must be between 1 and")]
    [InlineData("--until", "01/03/2026", "--until must be a date as YYYY-MM-DD, not '01/03/2026'")]
    [InlineData("--until", "1999-12-31", "until must be 2020-01-01 or later")]
    [InlineData("--seed", "many", "many")]
    [InlineData("--schema", " ", "the schema name is empty")]
    public void Bad_options_give_one_line_and_exit_2(string option, string value, string message)
    {
        var run = _cli.Run("sample", "fivetran-log", "--warehouse", "sample.duckdb", option, value);

        run.ExitCode.Should().Be(2, run.ToString());
        run.Out.Should().BeEmpty();
        run.Error.TrimEnd('\n').Should().StartWith("error: ").And.Contain(message).And.NotContain("\n");
        File.Exists(Path.Combine(_cli.Path, "sample.duckdb")).Should().BeFalse("nothing is written");
    }
}
