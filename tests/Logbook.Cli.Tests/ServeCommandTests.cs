namespace Logbook.Cli.Tests;

/// <summary><c>logbook jobs</c>, <c>logbook run-job</c> and the refusals of <c>logbook serve</c>.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public ServeCommandTests()
    {
        _cli.Write("logbook.yml", "name: scheduled\n");
        _cli.Write("models/numbers.sql", "{{ config(materialized='table') }}\nselect range as n from range(5)");
        _cli.Write("schedule.yml", "jobs:\n  - name: nightly-build\n    cron: \"30 2 * * *\"\n    build: { select: numbers }\n  - name: broken\n    cron: \"*/5 * * * *\"\n    build: { select: nothing_matches_this }\n");
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Jobs_lists_the_schedule_and_run_job_runs_one_now_and_records_it()
    {
        var before = _cli.Run("jobs");
        before.ExitCode.Should().Be(0, before.ToString());
        before.Out.Should().MatchRegex(@"nightly-build\s+30 2 \* \* \*\s+next \d{4}-\d\d-\d\d 02:30Z  build --select numbers  \[never run\]");

        var run = _cli.Run("run-job", "nightly-build");
        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().StartWith("SUCCESS nightly-build in ");
        _cli.Query("select count(*) from main.numbers").Should().Equal("5");
        _cli.Query("select job, trigger, status from logbook_server.job_runs").Should().Equal("nightly-build,run-job,success");

        var after = _cli.Run("jobs");
        after.Out.Should().MatchRegex(@"nightly-build .*\[last success at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \([0-9.]+ s\): 1 nodes in");
    }

    [Fact]
    public void Unknown_jobs_and_public_binds_without_a_token_are_refused_with_one_line()
    {
        var unknown = _cli.Run("run-job", "nope");
        unknown.ExitCode.Should().Be(2);
        unknown.Error.Trim().Should().Be("error: no job 'nope' (jobs: nightly-build, broken)");

        var open = _cli.Run("serve", "--urls", "http://0.0.0.0:5999");
        open.ExitCode.Should().Be(2);
        open.Error.Trim().Should().Be("error: --urls http://0.0.0.0:5999 listens beyond this machine: set LOGBOOK_SERVE_TOKEN to an access token first");

        _cli.Write("schedule.yml", "jobs:\n  - name: x\n    cron: \"every day\"\n    sync: {}\n");
        var bad = _cli.Run("jobs");
        bad.ExitCode.Should().Be(2);
        bad.Error.Should().Contain("schedule.yml:3:11: job 'x': 'every day' is not a cron expression");
    }
}
