using System.Diagnostics;
using Logbook.FivetranApiFake;

namespace Logbook.Cli.Tests;

/// <summary>
/// <c>logbook connector soc2</c> and <c>logbook report access-review</c> against the API fake: the seed's
/// configuration file, errors before any call, a real SIGKILL part-way and a resume that ends where a fresh run does.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class Soc2CommandTests : IDisposable
{
    private const string Key = "cli-key";
    private const string Secret = "cli-secret-4f9a1c";

    private readonly CliFixture _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Configuration(FakeFivetranServer server, string extra = "")
    {
        var path = _cli.Write("configuration.json", $$"""{"api_key":"{{Key}}","api_secret":"{{Secret}}","debug_mode":"false","base_url":"{{server.BaseUrl}}"{{extra}}}""");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    [Fact]
    public async Task The_connector_runs_from_the_seeds_configuration_file_and_the_report_is_written_as_html_and_csv()
    {
        await using var server = await FakeFivetranServer.StartAsync(FakeAccount.Generate(25, 3, now: DateTimeOffset.UtcNow), Key, Secret);
        Configuration(server);

        var run = _cli.Run("connector", "soc2", "--configuration", "configuration.json", "--warehouse", "w.duckdb");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().StartWith("Completed SOC2 access run").And.Contain("for Fake Inc.: 25 users, 3 teams").And.Contain("tables in schema 'soc2'");
        run.Error.Should().BeEmpty();
        var grants = _cli.Query("select count(*) from soc2.soc2_access_control", "--warehouse", "w.duckdb").Single();
        _cli.Query("select status from logbook_audit.audit_summary where model_name = 'soc2_access_connector'", "--warehouse", "w.duckdb").Should().Equal("completed");

        var html = _cli.Run("report", "access-review", "--warehouse", "w.duckdb", "--out", "review.html");
        var csv = _cli.Run("report", "access-review", "--warehouse", "w.duckdb", "--format", "csv", "--since", "2026-01-01", "--until", "2099-01-01");
        var backwards = _cli.Run("report", "access-review", "--warehouse", "w.duckdb", "--since", "2026-02-01", "--until", "2026-01-01");
        backwards.ExitCode.Should().Be(2);
        backwards.Error.Should().Contain("--until must be after --since");

        html.ExitCode.Should().Be(0, html.ToString());
        html.Out.Should().Contain($"({grants} grants,").And.Contain("review.html");
        _cli.Read("review.html").Should().StartWith("<!doctype html>").And.Contain("Fake Inc.");
        csv.ExitCode.Should().Be(0, csv.ToString());
        csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(1 + int.Parse(grants, System.Globalization.CultureInfo.InvariantCulture));
        foreach (var output in new[] { run.Out, run.Error, html.Out, csv.Out, _cli.Read("review.html") })
        {
            output.Should().NotContain(Secret).And.NotContain(FakeAccount.ConfigSecret);
        }
    }

    [Fact]
    public async Task A_bad_configuration_is_one_error_before_any_api_call_and_a_rejected_key_is_one_line()
    {
        await using var server = await FakeFivetranServer.StartAsync(FakeAccount.Generate(3, 1), Key, Secret);
        Configuration(server, ",\n\"max_concurrency\": \"lots\"");

        var bad = _cli.Run("connector", "soc2", "-c", "configuration.json", "--warehouse", "w.duckdb");

        bad.ExitCode.Should().Be(2);
        bad.Error.Trim().Should().MatchRegex(@"^error: .*configuration\.json:2:1: 'max_concurrency' must be a whole number from 1 to 64, not 'lots'$");
        server.Requests.Should().Be(0);

        var path = _cli.Write("configuration.json", $$"""{"api_key":"{{Key}}","api_secret":"not-the-secret","base_url":"{{server.BaseUrl}}"}""");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var rejected = _cli.Run("connector", "soc2", "-c", path, "--warehouse", "w.duckdb");

        rejected.ExitCode.Should().Be(1);
        rejected.Error.Should().Contain("warning: ").And.Contain("chmod 600");
        var error = rejected.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single(l => l.StartsWith("error:", StringComparison.Ordinal));
        error.Should().Contain("HTTP 401").And.Contain("AuthFailed").And.NotContain("not-the-secret").And.NotContain("resume", "retrying cannot fix a rejected key");
        server.Requests.Should().Be(1, "authentication failures are not retried");
    }

    [Fact]
    public async Task A_connector_process_killed_part_way_resumes_and_ends_with_the_tables_of_a_fresh_run()
    {
        var account = FakeAccount.Generate(240, 12, now: DateTimeOffset.UtcNow);
        await using var server = await FakeFivetranServer.StartAsync(account, Key, Secret, latency: TimeSpan.FromMilliseconds(5));
        Configuration(server, ",\"checkpoint_interval\":\"20\"");
        var reached = new TaskCompletionSource();
        server.OnRequest = path =>
        {
            if (path.StartsWith("/v1/users/user_00130/", StringComparison.Ordinal))
            {
                reached.TrySetResult();
            }
        };

        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "logbook"))
        {
            ArgumentList = { "connector", "soc2", "-c", "configuration.json", "--warehouse", "killed.duckdb" },
            WorkingDirectory = _cli.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = _cli.Home;
        using (var process = Process.Start(start)!)
        {
            var finished = await Task.WhenAny(reached.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
            finished.Should().Be(reached.Task, $"the connector reaches user 130 (exited: {process.HasExited})");
            process.Kill(); // SIGKILL: no finally, no flush
            await process.WaitForExitAsync();
        }

        server.OnRequest = null;
        var beforeResume = server.Requests;
        _cli.Query("select phase from soc2.soc2_checkpoint", "--warehouse", "killed.duckdb").Should().Equal("users");
        _cli.Query("select count(*) from soc2.soc2_access_control", "--warehouse", "killed.duckdb").Should().Equal("0");

        var resumed = _cli.Run("connector", "soc2", "-c", "configuration.json", "--warehouse", "killed.duckdb");
        resumed.ExitCode.Should().Be(0, resumed.ToString());
        resumed.Out.Should().StartWith("Resumed and completed");
        var resumeRequests = server.Requests - beforeResume;

        var beforeFresh = server.Requests;
        var fresh = _cli.Run("connector", "soc2", "-c", "configuration.json", "--warehouse", "fresh.duckdb");
        fresh.ExitCode.Should().Be(0, fresh.ToString());
        resumeRequests.Should().BeLessThan(server.Requests - beforeFresh, "the resume skips what the killed run committed");

        const string grants = "select user_id, grant_type, team_id, group_id, connection_id, role_name, compliance_status, granted_via from soc2.soc2_access_control order by all";
        var afterResume = _cli.Query(grants, "--warehouse", "killed.duckdb");
        afterResume.Should().HaveCountGreaterThan(500).And.OnlyHaveUniqueItems();
        afterResume.Should().Equal(_cli.Query(grants, "--warehouse", "fresh.duckdb"));
        _cli.Query("select count(*) from soc2.memberships", "--warehouse", "killed.duckdb")
            .Should().Equal(_cli.Query("select count(*) from soc2.memberships", "--warehouse", "fresh.duckdb"));
        _cli.Query("select status from logbook_audit.audit_summary where model_name = 'soc2_access_connector' order by run_started_at", "--warehouse", "killed.duckdb")
            .Should().Equal("abandoned", "completed");
    }
}
