using Logbook.Core.Configuration;
using Logbook.Hosting;
using Logbook.Replication;
using Logbook.Server.Alerts;
using Logbook.Server.Health;
using Logbook.Server.Metrics;
using Logbook.Server.Scheduling;
using Logbook.Server.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Logbook.Server;

/// <summary>
/// <c>logbook serve</c>: Kestrel with the health probes, <c>/internal/analytics-sync</c>, <c>/metrics</c>, the jobs API
/// and the dashboard; the scheduler; and the alert loop. Everything reads and runs through one <see cref="LogbookHost"/>.
/// </summary>
public sealed class LogbookServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _alertLoop;

    private readonly Action<string> _warn;

    private LogbookServer(WebApplication app, ServerOptions options, ServerContext context, Action<string> warn)
    {
        _warn = warn;
        _app = app;
        _options = options;
        Context = context;
    }

    public ServerContext Context { get; }

    public Scheduler Scheduler => Context.Scheduler;

    /// <summary>The addresses Kestrel listens on (after <see cref="StartAsync"/>; a port 0 is resolved).</summary>
    public IReadOnlyList<string> Addresses => [.. _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];

    public static LogbookServer Create(LogbookHost host, ConfigurationEnvironment environment, string? profilesDirectory, ServerOptions options, Action<string> warn, IJobRunner? runner = null, HttpMessageHandler? webhookHandler = null)
    {
        AccessToken.CheckBinding(options.Urls, options.Token);
        var jobs = ScheduleFile.Load(host.Project.Directory, environment.GetVariable);
        var (replication, _, _) = ReplicationConfigFile.Load(host.Project.Directory, environment.GetVariable);
        var store = new JobRunStore(host.Warehouse, warn: warn);
        var scheduler = new Scheduler(jobs, runner ?? new HostJobRunner(host, environment, profilesDirectory, warn), store);
        var health = new SyncHealthReader(host.Warehouse, replication.Schema, [.. replication.Streams.Select(s => s.Name)]);
        var http = webhookHandler is null ? new HttpClient() : new HttpClient(webhookHandler);
        http.Timeout = TimeSpan.FromSeconds(10);
        var context = new ServerContext(
            host,
            scheduler,
            health,
            new MetricsCollector(host.Warehouse, health, scheduler.Status, host.Project.AuditSchema),
            new AlertNotifier(host.Warehouse, http, options.Webhook, warn),
            store,
            replication);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        if (!string.IsNullOrEmpty(options.Token))
        {
            app.Use((http, next) => AccessToken.Middleware(http, options.Token, () => next(http)));
        }

        MapEndpoints(app, context);
        Dashboard.Map(app, context);
        return new LogbookServer(app, options, context, warn);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        if (_options.RunScheduler)
        {
            Context.Scheduler.Start();
        }

        var evaluator = new AlertEvaluator(Context.Alerts.LastEvents());
        _alertLoop = Task.Run(() => AlertLoopAsync(evaluator, _stopping.Token), CancellationToken.None);
    }

    /// <summary>Evaluates the alerts once now (tests; the loop does it every <see cref="ServerOptions.AlertInterval"/>).</summary>
    public Task EvaluateAlertsOnceAsync(AlertEvaluator evaluator) => EvaluateAsync(evaluator, CancellationToken.None);

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await Context.Scheduler.StopAsync(_options.ShutdownGrace).ConfigureAwait(false);
        if (_alertLoop is not null)
        {
            await _alertLoop.ConfigureAwait(false);
        }

        await _app.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AlertLoopAsync(AlertEvaluator evaluator, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await EvaluateAsync(evaluator, cancellationToken).ConfigureAwait(false);
                await Task.Delay(_options.AlertInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The warehouse may be briefly unavailable; the next round tries again. The loop never dies.
                _warn($"alert evaluation failed: {(e is System.Data.Common.DbException db ? LogbookHost.DescribeError(db) : e.Message)}");
                await Task.Delay(_options.AlertInterval, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    private async Task EvaluateAsync(AlertEvaluator evaluator, CancellationToken cancellationToken)
    {
        foreach (var alert in evaluator.Evaluate(Context.Health.Read(), DateTime.UtcNow))
        {
            await Context.Alerts.NotifyAsync(alert, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void MapEndpoints(WebApplication app, ServerContext context)
    {
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
        app.MapGet("/readyz", () =>
        {
            try
            {
                context.Host.TestConnection();
                return Results.Json(new { status = "ready", warehouse = context.Host.Warehouse.Description });
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
            {
                var reason = e is System.Data.Common.DbException db ? LogbookHost.DescribeError(db) : e.Message;
                return Results.Json(new { status = "unavailable", reason }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        app.MapGet("/internal/analytics-sync", () =>
        {
            var streams = context.Health.Read();
            var healthy = streams.All(s => s.Status is "ok" or "never");
            return Results.Json(
                new
                {
                    status = healthy ? "ok" : "degraded",
                    checked_at = DateTime.UtcNow,
                    streams = streams.Select(s => new
                    {
                        stream = s.Stream,
                        status = s.Status,
                        last_successful_run_at = s.LastSuccessAt,
                        last_synced_at = s.LastSyncedAt,
                        source_max_created_at = s.SourceMaxCreatedAt,
                        rows_synced = s.RowsSynced,
                        rows_synced_total = s.RowsSyncedTotal,
                        latency_seconds = s.LatencySeconds,
                        consecutive_failures = s.ConsecutiveFailures,
                        last_run_status = s.LastRunStatus,
                        last_error = s.LastError,
                    }),
                },
                statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/metrics", () => Results.Text(context.Metrics.Collect(), PrometheusText.ContentType));
        app.MapGet("/api/jobs", () => Results.Json(context.Scheduler.Status().Select(JobJson)));
        app.MapPost("/api/jobs/{name}/run", (string name) =>
        {
            if (context.Scheduler.Jobs.All(j => j.Name != name))
            {
                return Results.Json(new { error = $"no job '{name}'" }, statusCode: StatusCodes.Status404NotFound);
            }

            return context.Scheduler.TryTrigger(name)
                ? Results.Json(new { job = name, status = "started" }, statusCode: StatusCodes.Status202Accepted)
                : Results.Json(new { job = name, status = "already running" }, statusCode: StatusCodes.Status409Conflict);
        });
    }

    private static object JobJson(JobStatus status) => new
    {
        name = status.Job.Name,
        cron = status.Job.Cron,
        runs = status.Job.Describe(),
        next_run = status.NextRun,
        running = status.Running,
        skipped_overlaps = status.SkippedOverlaps,
        last_run = status.LastRun is { } run
            ? new { status = run.Status, started_at = run.StartedAt, ended_at = run.EndedAt, duration_seconds = run.DurationSeconds, message = run.Message, rows = run.Rows, trigger = run.Trigger }
            : null,
    };
}

/// <summary>What the endpoints and pages read from.</summary>
public sealed record ServerContext(
    LogbookHost Host,
    Scheduler Scheduler,
    SyncHealthReader Health,
    MetricsCollector Metrics,
    AlertNotifier Alerts,
    JobRunStore Runs,
    ReplicationSettings Replication);
