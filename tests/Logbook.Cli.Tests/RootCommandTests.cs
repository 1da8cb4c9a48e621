namespace Logbook.Cli.Tests;

public sealed class RootCommandTests
{
    [Fact]
    public void Version_prints_the_product_and_duckdb_versions()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = Program.Run(["--version"], stdout, stderr);

        exitCode.Should().Be(0);
        stdout.ToString().Should().MatchRegex(@"^logbook \d+\.\d+\.\d+\S* \(DuckDB v\d+\.\d+\.\d+\S*\)\n$");
        stderr.ToString().Should().BeEmpty();
    }

    [Fact]
    public void No_command_is_a_usage_error()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        Program.Run([], stdout, stderr).Should().Be(2);
        stderr.ToString().Should().StartWith("error: ");
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        Program.Run(["sql", "select 1", "--frobnicate"], stdout, stderr).Should().Be(2);
        stderr.ToString().Should().Contain("--frobnicate");
    }

    [Fact]
    public void Help_lists_the_commands()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        Program.Run(["--help"], stdout, stderr).Should().Be(0);
        stdout.ToString().Should().Contain("sql").And.Contain("debug");
    }
}
