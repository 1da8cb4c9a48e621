using System.Globalization;
using System.Text.RegularExpressions;
using Logbook.Core.Configuration;
using Logbook.Hosting;
using Logbook.Server.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Logbook.Server.Tests;

/// <summary>
/// <c>/metrics</c> of a real server over a DuckDB warehouse that real jobs filled, through the scheduler's own
/// runner: four delta syncs from a PostgreSQL source (one stream copies rows, the other's source table is missing, so
/// it fails four times in a row), a model build with a test, and a SOC2 run the API refuses (401). So every family
/// has samples, and <c>promtool check metrics</c> lints them all.
/// </summary>
public sealed class MetricsFormatTests(MetricsFormatTests.ServedMetrics served) : IClassFixture<MetricsFormatTests.ServedMetrics>
{
    [Fact]
    public void Promtool_check_metrics_finds_no_problem_in_the_metrics()
    {
        var run = Promtool.Run(served.Text, "check", "metrics");

        run.ExitCode.Should().Be(0, $"{run}\n--- /metrics\n{served.Text}");
        (run.Out + run.Error).Should().BeEmpty($"promtool reports no lint problem\n--- /metrics\n{served.Text}");
    }

    [Fact]
    public void The_metrics_are_served_as_Prometheus_text()
    {
        served.ContentType.Should().Be(PrometheusText.ContentType);
    }

    [Fact]
    public void The_seeds_three_metrics_have_a_sample_per_stream()
    {
        Sample("logbook_sync_rows_synced", "events").Should().Be(3, "the last run copied the 3 rows inserted before it");
        Sample("logbook_sync_rows_synced_total", "events").Should().Be(28);
        Sample("logbook_sync_run_status", "events").Should().Be(1);
        Sample("logbook_sync_latency_seconds", "events").Should().BeInRange(20, 600, "two rows stamped 20 s before the last run wait inside the safety lag");
        Sample("logbook_sync_consecutive_failures", "events").Should().Be(0);
        Sample("logbook_sync_last_success_timestamp_seconds", "events").Should().BeApproximately(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 600);

        Sample("logbook_sync_run_status", "orders").Should().Be(0, "the orders source table does not exist");
        Sample("logbook_sync_consecutive_failures", "orders").Should().Be(4);
        Sample("logbook_sync_rows_synced", "orders").Should().Be(0);
        served.Text.Should().NotContain("logbook_sync_last_success_timestamp_seconds{stream=\"orders\"}", "orders never succeeded");
        served.Text.Should().NotContain("logbook_sync_latency_seconds{stream=\"orders\"}", "a stream that never succeeded has no latency");
    }

    [Fact]
    public void Every_family_has_samples()
    {
        var families = Regex.Matches(served.Text, @"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        families.Should().Contain(["logbook_up", "logbook_job_runs_total", "logbook_model_build_duration_seconds", "logbook_soc2_api_calls_total"]);
        foreach (var family in families)
        {
            served.Text.Should().MatchRegex($"(?m)^{Regex.Escape(family)}(_sum|_count)?[{{ ]", $"{family} has a sample, so promtool checks it");
        }

        served.Text.Should().Contain("logbook_soc2_api_calls_total{endpoint=").And.Contain("status=\"401\"} ");
        served.Text.Should().Contain("logbook_model_build_duration_seconds{model=\"events_daily\",type=\"model\",status=\"completed\"} ")
            .And.Contain("type=\"test\"");
    }

    [Fact]
    public void Every_metric_the_rules_use_is_served()
    {
        foreach (var (alert, rule) in PrometheusRulesTests.Rules())
        {
            var expr = ((YamlDotNet.RepresentationModel.YamlScalarNode)rule.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("expr")]).Value!;
            foreach (var metric in Regex.Matches(expr, @"\blogbook_[a-z_]+").Select(m => m.Value).Distinct())
            {
                served.Text.Should().Contain($"# TYPE {metric} ", $"{alert} uses {metric}");
            }
        }
    }

    /// <summary>The value of <paramref name="family"/>'s sample for <paramref name="stream"/> (its only label).</summary>
    private double Sample(string family, string stream)
    {
        var match = Regex.Match(served.Text, $"(?m)^{Regex.Escape(family)}\\{{stream=\"{Regex.Escape(stream)}\"\\}} (\\S+)$");
        match.Success.Should().BeTrue($"/metrics has {family}{{stream=\"{stream}\"}}\n{served.Text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The server, its jobs run once, and one scrape of <c>/metrics</c>, shared by the tests above.</summary>
    public sealed class ServedMetrics : IAsyncLifetime
    {
        private readonly TempFolder _folder = new();
        private readonly List<string> _warnings = [];
        private WebApplication? _fivetran;
        private LogbookServer? _server;

        public string Text { get; private set; } = "";

        public string? ContentType { get; private set; }

        public async Task InitializeAsync()
        {
            var cluster = PostgresCluster.Shared;
            var database = cluster.CreateDatabase("metrics");
            // Rows stamped 10 minutes ago are past the 1 minute safety lag: the first run copies them.
            cluster.Psql(database, """
                create table events (id bigint primary key, created_at timestamptz not null, kind text, body jsonb);
                insert into events select i, now() - interval '10 minutes' + i * interval '1 second', case when i % 3 = 0 then 'login' else 'query' end, jsonb_build_object('i', i) from generate_series(1, 25) i;
                """);
            _fivetran = await RefusingFivetranApi();

            _folder.Variables["DATABASE_URL"] = $"postgres://{cluster.User}:{PostgresCluster.Password}@127.0.0.1:{cluster.Port.ToString(CultureInfo.InvariantCulture)}/{database}";
            _folder.Write("logbook.yml", "name: metrics_format\n");
            _folder.Write("models/events_daily.sql", "{{ config(materialized='table') }}\nselect kind, count(*) as events from analytics.raw_events group by kind");
            _folder.Write("tests/events_daily_counts_positive.sql", "select * from {{ ref('events_daily') }} where events <= 0");
            _folder.Write("replication.yml", """
                safety_lag: 1m
                streams:
                  - source: events
                    target: raw_events
                  - source: orders
                    target: raw_orders
                """);
            _folder.Write("schedule.yml", """
                jobs:
                  - name: replication-delta
                    cron: "*/5 * * * *"
                    sync: { mode: delta }
                  - name: models
                    cron: "0 6 * * *"
                    build: {}
                  - name: soc2-daily
                    cron: "0 5 * * *"
                    soc2: { configuration: configuration.json }
                """);
            var configuration = _folder.Write("configuration.json", $$"""
                { "api_key": "metrics-test-key", "api_secret": "metrics-test-secret", "base_url": "{{_fivetran.Urls.First()}}", "max_retries": "1" }
                """);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(configuration, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            var environment = _folder.Environment;
            var host = LogbookHost.Load(new HostOptions { ProjectDirectory = _folder.Path }, environment);
            _server = LogbookServer.Create(host, environment, null, new ServerOptions { Urls = "http://127.0.0.1:0", RunScheduler = false }, Warn);
            await _server.StartAsync();

            for (var run = 1; run <= 4; run++)
            {
                if (run == 4)
                {
                    // Three rows past the lag for the last run to copy, and two inside it, still waiting.
                    cluster.Psql(database, """
                        insert into events select i, now() - interval '2 minutes', 'query', '{}' from generate_series(26, 28) i;
                        insert into events select i, now() - interval '20 seconds', 'login', '{}' from generate_series(29, 30) i;
                        """);
                }

                (await Run("replication-delta")).Should().Be("failed", "orders fails every run");
            }

            (await Run("models")).Should().Be("success", Messages());
            (await Run("soc2-daily")).Should().Be("failed", Messages());
            Messages().Should().Contain("soc2-daily: failed Fivetran API").And.Contain("401");

            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri(new Uri(_server.Addresses[0]), "/metrics"));
            Text = await response.Content.ReadAsStringAsync();
            ContentType = response.Content.Headers.ContentType?.ToString();
            response.IsSuccessStatusCode.Should().BeTrue(Text);
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            if (_fivetran is not null)
            {
                await _fivetran.DisposeAsync();
            }

            _folder.Dispose();
        }

        private void Warn(string message)
        {
            lock (_warnings)
            {
                _warnings.Add(message);
            }
        }

        /// <summary>Runs the job through the scheduler (as the dashboard's Run button) and returns its outcome.</summary>
        private async Task<string> Run(string job)
        {
            _server!.Scheduler.TryTrigger(job).Should().BeTrue();
            await _server.Scheduler.WhenIdle(job);
            return _server.Scheduler.Status().Single(s => s.Job.Name == job).LastRun!.Status;
        }

        private string Messages() => string.Join("\n", _server!.Scheduler.Status().Select(s => $"{s.Job.Name}: {s.LastRun?.Status} {s.LastRun?.Message}").Concat(_warnings));

        /// <summary>A Fivetran API stand-in on loopback that refuses every key, as the real one does a revoked key.</summary>
        private static async Task<WebApplication> RefusingFivetranApi()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return context.Response.WriteAsJsonAsync(new { code = "AuthFailed", message = "Invalid API key" });
            });
            await app.StartAsync();
            return app;
        }
    }
}
