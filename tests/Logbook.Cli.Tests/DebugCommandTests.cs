namespace Logbook.Cli.Tests;

public sealed class DebugCommandTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Debug_reports_project_profile_target_and_a_working_connection()
    {
        _cli.Write("logbook.yml", "name: audit\n");
        var profiles = _cli.Write("profiles.yml", """
            audit:
              target: dev
              outputs:
                dev:
                  type: duckdb
                  path: "{{ env_var('AUDIT_DB_PATH') }}"
                  threads: 2
            """);
        _cli.Variables["AUDIT_DB_PATH"] = "data/audit.duckdb";

        var run = _cli.Run("debug");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain(_cli.Path)
            .And.Contain("found (project 'audit')")
            .And.Contain(profiles)
            .And.Contain("dev (duckdb)")
            .And.Contain($"DuckDB database {Path.Combine(_cli.Path, "data", "audit.duckdb")} (threads=2)")
            .And.MatchRegex(@"duckdb library:\s+v\d+\.\d+")
            .And.Contain("connection test:  OK")
            .And.Contain("All checks passed!");
        File.Exists(Path.Combine(_cli.Path, "data", "audit.duckdb")).Should().BeTrue();
    }

    [Fact]
    public void Debug_without_a_project_file_uses_the_default_target()
    {
        var run = _cli.Run("debug");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain("logbook.yml:      not found").And.Contain("profiles file:    default").And.Contain("default (duckdb)");
        File.Exists(Path.Combine(_cli.Path, "warehouse.duckdb")).Should().BeTrue();
    }

    [Fact]
    public void Debug_with_an_explicit_profiles_dir()
    {
        _cli.Write("logbook.yml", "name: audit\n");
        var profiles = _cli.Write("elsewhere/profiles.yml", "audit:\n  target: ci\n  outputs:\n    ci: { type: duckdb, path: ':memory:' }\n");

        var run = _cli.Run("debug", "--profiles-dir", Path.GetDirectoryName(profiles)!);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain($"{profiles} (from --profiles-dir)").And.Contain("in-memory DuckDB database");
    }

    [Fact]
    public void Debug_fails_with_exit_1_when_the_connection_fails()
    {
        var run = _cli.Run("debug", "--warehouse", "missing.duckdb", "--read-only");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Out.Should().Contain("connection test:  FAILED");
        run.Error.Should().StartWith("error: ").And.NotContain("   at ");
    }
}
