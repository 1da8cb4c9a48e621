namespace Logbook.Cli.Tests;

/// <summary><c>logbook demo</c> end to end: the shipped project, generated data, a full build and the health report.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Demo_builds_the_shipped_project_on_generated_data_and_reports_health_and_a_rerun_is_safe()
    {
        var first = _cli.Run("demo", "--connections", "6", "--days", "10", "--seed", "7");

        first.ExitCode.Should().Be(0, first.ToString());
        first.Out.Should().Contain("Completed successfully").And.Contain("Connection health").And.Contain("Query it:");
        var project = Path.Combine(_cli.Path, "logbook-demo");
        File.Exists(Path.Combine(project, "logbook.yml")).Should().BeTrue();
        File.Exists(Path.Combine(project, "models", "marts", "performance", "fct_fivetran_connector_health.sql")).Should().BeTrue();
        File.Exists(Path.Combine(project, "warehouse.duckdb")).Should().BeTrue();

        var counts = _cli.Run("sql", "select count(*) from fct_fivetran_logs.fct_fivetran_connector_health", "--project-dir", project, "--format", "csv");
        counts.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Trim().Should().Be("6", "one health row per generated connection");
        var healthLines = first.Out.Split('\n').SkipWhile(l => !l.StartsWith("Connection health", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        healthLines.Sum(l => int.Parse(l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], System.Globalization.CultureInfo.InvariantCulture)).Should().Be(6);

        var second = _cli.Run("demo", "--connections", "6", "--days", "10", "--seed", "7");
        second.ExitCode.Should().Be(0, second.ToString());
        second.Out[second.Out.IndexOf("Connection health", StringComparison.Ordinal)..]
            .Should().Be(first.Out[first.Out.IndexOf("Connection health", StringComparison.Ordinal)..], "the same seed gives the same report on a re-run");
    }
}
