using System.Globalization;
using System.Net;
using Logbook.Server.Scheduling;

namespace Logbook.Server.Tests;

/// <summary>Every endpoint's content, against a warehouse filled by real jobs (replication from PostgreSQL and a model build).</summary>
public sealed class EndpointTests
{
    private const string Schedule = """
        jobs:
          - name: replication
            cron: "0 0 1 1 *"
            sync: { mode: delta }
          - name: models
            cron: "0 0 1 1 *"
            build: {}
        """;

    [Fact]
    public async Task Health_probes_replication_health_jobs_and_metrics_report_what_the_warehouse_holds()
    {
        await using var scenario = new ServerScenario(Schedule);
        File.WriteAllText(Path.Combine(scenario.Folder, "logbook.yml"), "name: served\n");
        Directory.CreateDirectory(Path.Combine(scenario.Folder, "models"));
        File.WriteAllText(Path.Combine(scenario.Folder, "models", "event_count.sql"), "{{ config(materialized='table') }}\nselect count(*) as n from analytics.raw_events");
        scenario.Source("insert into events (id, created_at, body) select i, now() - interval '1 hour' + i * interval '1 ms', '{}' from generate_series(1, 1234) i");
        var server = await scenario.StartAsync(new ServerOptions { RunScheduler = false });
        var url = server.Addresses[0];

        (await ServerScenario.Json(scenario.Http, $"{url}/healthz")).GetProperty("status").GetString().Should().Be("ok");
        (await ServerScenario.Json(scenario.Http, $"{url}/readyz")).GetProperty("status").GetString().Should().Be("ready");
        var before = await ServerScenario.Json(scenario.Http, $"{url}/internal/analytics-sync");
        before.GetProperty("streams")[0].GetProperty("status").GetString().Should().Be("never");

        (await ServerScenario.RunJob(server, scenario.Http, "replication")).Status.Should().Be("success");
        (await ServerScenario.RunJob(server, scenario.Http, "models")).Status.Should().Be("success");

        using var sync = await scenario.Http.GetAsync(new Uri($"{url}/internal/analytics-sync"));
        sync.StatusCode.Should().Be(HttpStatusCode.OK);
        var health = await ServerScenario.Json(scenario.Http, $"{url}/internal/analytics-sync");
        health.GetProperty("status").GetString().Should().Be("ok");
        var stream = health.GetProperty("streams")[0];
        stream.GetProperty("stream").GetString().Should().Be("events");
        stream.GetProperty("status").GetString().Should().Be("ok");
        stream.GetProperty("rows_synced").GetInt64().Should().Be(1234);
        stream.GetProperty("consecutive_failures").GetInt32().Should().Be(0);
        stream.GetProperty("latency_seconds").GetDouble().Should().Be(0);
        var lastSynced = stream.GetProperty("last_synced_at").GetDateTime();
        lastSynced.Should().Be((DateTime)scenario.Warehouse("select last_synced_at from analytics.ai_audit_sync_state")!);
        stream.GetProperty("source_max_created_at").GetDateTime().Should().Be((DateTime)scenario.Warehouse("select max(created_at) from analytics.raw_events")!);

        var jobs = await ServerScenario.Json(scenario.Http, $"{url}/api/jobs");
        jobs.EnumerateArray().Select(j => j.GetProperty("last_run").GetProperty("status").GetString()).Should().Equal("success", "success");

        var metrics = await scenario.Http.GetStringAsync(new Uri($"{url}/metrics"));
        metrics.Should().Contain("logbook_sync_rows_synced_total{stream=\"events\"} 1234\n")
            .And.Contain("logbook_sync_rows_synced{stream=\"events\"} 1234\n")
            .And.Contain("logbook_sync_latency_seconds{stream=\"events\"} 0\n")
            .And.Contain("logbook_sync_run_status{stream=\"events\"} 1\n")
            .And.Contain("logbook_job_runs_total{job=\"replication\",status=\"success\"} 1\n")
            .And.Contain("logbook_job_running{job=\"models\"} 0\n")
            .And.MatchRegex("logbook_model_build_duration_seconds\\{model=\"event_count\",type=\"model\",status=\"completed\"\\} [0-9.]+\n");
        scenario.Warehouse("select n from main.event_count").Should().Be(1234L, "the build job ran the project's model");
        Convert.ToInt64(scenario.Warehouse("select count(*) from logbook_server.job_runs where status = 'success'"), CultureInfo.InvariantCulture).Should().Be(2);

        using var unknown = await scenario.Http.PostAsync(new Uri($"{url}/api/jobs/nope/run"), null);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_failing_stream_is_degraded_with_its_error_and_the_health_endpoint_says_503()
    {
        await using var scenario = new ServerScenario();
        scenario.Source("drop table events");
        var server = await scenario.StartAsync(new ServerOptions { RunScheduler = false });

        (await ServerScenario.RunJob(server, scenario.Http, "replication")).Status.Should().Be("failed");

        using var response = await scenario.Http.GetAsync(new Uri($"{server.Addresses[0]}/internal/analytics-sync"));
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var stream = (await ServerScenario.Json(scenario.Http, $"{server.Addresses[0]}/internal/analytics-sync")).GetProperty("streams")[0];
        stream.GetProperty("status").GetString().Should().Be("stale");
        stream.GetProperty("consecutive_failures").GetInt32().Should().Be(1);
        stream.GetProperty("last_error").GetString().Should().StartWith("the source table public.events does not exist");
    }

    [Fact]
    public async Task With_an_access_token_everything_but_the_probes_needs_it_and_a_public_bind_needs_a_token()
    {
        await using var scenario = new ServerScenario();
        var server = await scenario.StartAsync(new ServerOptions { RunScheduler = false, Token = "s3cret-token" });
        var url = server.Addresses[0];

        (await scenario.Http.GetAsync(new Uri($"{url}/healthz"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await scenario.Http.GetAsync(new Uri($"{url}/readyz"))).StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var path in new[] { "/metrics", "/internal/analytics-sync", "/api/jobs", "/" })
        {
            (await scenario.Http.GetAsync(new Uri(url + path))).StatusCode.Should().Be(HttpStatusCode.Unauthorized, path);
        }

        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri($"{url}/metrics")) { Headers = { { "Authorization", "Bearer nope" } } };
        (await scenario.Http.SendAsync(wrong)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var right = new HttpRequestMessage(HttpMethod.Get, new Uri($"{url}/metrics")) { Headers = { { "Authorization", "Bearer s3cret-token" } } };
        (await scenario.Http.SendAsync(right)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await scenario.Http.GetAsync(new Uri($"{url}/api/jobs?token=s3cret-token"))).StatusCode.Should().Be(HttpStatusCode.OK);

        await FluentActions.Awaiting(() => scenario.StartAsync(new ServerOptions { Urls = "http://0.0.0.0:0" }))
            .Should().ThrowAsync<ArgumentException>().WithMessage("--urls http://0.0.0.0:0 listens beyond this machine: set LOGBOOK_SERVE_TOKEN to an access token first");
    }
}
