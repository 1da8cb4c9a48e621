using System.Data.Common;
using Logbook.Core.Querying;
using Logbook.Core.Warehouses;
using Logbook.Server.Health;
using Logbook.Server.Scheduling;

namespace Logbook.Server.Metrics;

/// <summary>
/// <c>/metrics</c>: the seed's <c>rows_synced</c>, <c>latency_seconds</c> and <c>run_status</c> per stream (with the
/// <c>logbook_sync_</c> prefix and units), the scheduler's jobs, the last build of each model (from the run audit log)
/// and the SOC2 connector's API calls by endpoint and status (from its <c>api_logs</c>). Read fresh on each scrape.
/// </summary>
public sealed class MetricsCollector(IWarehouse warehouse, SyncHealthReader health, Func<IReadOnlyList<JobStatus>> jobs, string auditSchema, string soc2Schema = "soc2")
{
    public string Collect()
    {
        var text = new PrometheusText();
        text.Family("logbook_up", "gauge", "1 while the server runs and can read the warehouse.");
        using var connection = warehouse.OpenConnection();
        var streams = health.Read(connection);
        text.Sample("logbook_up", 1);
        Streams(text, streams);
        Jobs(text, jobs());
        Models(text, connection);
        ApiCalls(text, connection);
        return text.ToString();
    }

    private static void Streams(PrometheusText text, IReadOnlyList<StreamHealth> streams)
    {
        static (string, string) Label(StreamHealth s) => ("stream", s.Stream);
        text.Family("logbook_sync_rows_synced_total", "counter", "Rows copied into the warehouse by the stream since its first run.");
        foreach (var s in streams)
        {
            text.Sample("logbook_sync_rows_synced_total", s.RowsSyncedTotal ?? 0, Label(s));
        }

        text.Family("logbook_sync_rows_synced", "gauge", "Rows copied by the stream's last run (the seed's rows_synced).");
        foreach (var s in streams)
        {
            text.Sample("logbook_sync_rows_synced", s.RowsSynced ?? 0, Label(s));
        }

        text.Family("logbook_sync_latency_seconds", "gauge", "Age of the oldest source row not replicated yet (0 when caught up), as of the last run.");
        foreach (var s in streams.Where(s => s.LatencySeconds is not null))
        {
            text.Sample("logbook_sync_latency_seconds", s.LatencySeconds!.Value, Label(s));
        }

        text.Family("logbook_sync_run_status", "gauge", "Outcome of the stream's last finished run: 1 success, 0 failure (the seed's run_status).");
        foreach (var s in streams.Where(s => s.LastRunStatus is not null))
        {
            text.Sample("logbook_sync_run_status", s.LastRunStatus == "success" ? 1 : 0, Label(s));
        }

        text.Family("logbook_sync_last_success_timestamp_seconds", "gauge", "Unix time of the stream's last successful run.");
        foreach (var s in streams.Where(s => s.LastSuccessAt is not null))
        {
            text.Sample("logbook_sync_last_success_timestamp_seconds", Unix(s.LastSuccessAt!.Value), Label(s));
        }

        text.Family("logbook_sync_consecutive_failures", "gauge", "Runs of the stream that failed since its last success.");
        foreach (var s in streams)
        {
            text.Sample("logbook_sync_consecutive_failures", s.ConsecutiveFailures, Label(s));
        }

        text.Family("logbook_sync_source_max_created_timestamp_seconds", "gauge", "Unix time of the newest source row, as of the last run (source_max_created_at).");
        foreach (var s in streams.Where(s => s.SourceMaxCreatedAt is not null))
        {
            text.Sample("logbook_sync_source_max_created_timestamp_seconds", Unix(s.SourceMaxCreatedAt!.Value), Label(s));
        }
    }

    private static void Jobs(PrometheusText text, IReadOnlyList<JobStatus> jobs)
    {
        text.Family("logbook_job_runs_total", "counter", "Finished runs of each scheduled job since the server started, by outcome.");
        foreach (var job in jobs)
        {
            foreach (var (status, count) in job.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                text.Sample("logbook_job_runs_total", count, ("job", job.Job.Name), ("status", status));
            }
        }

        text.Family("logbook_job_duration_seconds", "summary", "Wall time of the scheduled job's runs since the server started.");
        foreach (var job in jobs)
        {
            text.Sample("logbook_job_duration_seconds_sum", job.DurationSecondsSum, ("job", job.Job.Name));
            text.Sample("logbook_job_duration_seconds_count", job.Outcomes.Values.Sum(), ("job", job.Job.Name));
        }

        text.Family("logbook_job_last_duration_seconds", "gauge", "Wall time of the job's last finished run.");
        foreach (var job in jobs.Where(j => j.LastRun?.DurationSeconds is not null))
        {
            text.Sample("logbook_job_last_duration_seconds", job.LastRun!.DurationSeconds!.Value, ("job", job.Job.Name), ("status", job.LastRun.Status));
        }

        text.Family("logbook_job_running", "gauge", "1 while a run of the job is in progress.");
        foreach (var job in jobs)
        {
            text.Sample("logbook_job_running", job.Running ? 1 : 0, ("job", job.Job.Name));
        }

        text.Family("logbook_job_skipped_overlaps_total", "counter", "Scheduled times skipped because the job's previous run was still going.");
        foreach (var job in jobs)
        {
            text.Sample("logbook_job_skipped_overlaps_total", job.SkippedOverlaps, ("job", job.Job.Name));
        }

        text.Family("logbook_job_next_run_timestamp_seconds", "gauge", "Unix time of the job's next scheduled run.");
        foreach (var job in jobs)
        {
            text.Sample("logbook_job_next_run_timestamp_seconds", Unix(job.NextRun), ("job", job.Job.Name));
        }
    }

    /// <summary>Each model's and test's most recent run in the audit log: its duration and outcome.</summary>
    private void Models(PrometheusText text, DbConnection connection)
    {
        text.Family("logbook_model_build_duration_seconds", "gauge", "Duration of the most recent build of each model or test, from the run audit log.");
        if (!DbCommands.TableExists(connection, auditSchema, "audit_summary"))
        {
            return;
        }

        var summary = SqlIdentifier.Qualified(auditSchema, "audit_summary");
        var rows = DbCommands.Rows(connection, null, $"""
            select model_name, job_type, status, execution_time_seconds from {summary} s
            where job_type in ('model', 'test') and status <> 'started' and execution_time_seconds is not null
              and run_started_at = (select max(run_started_at) from {summary} x where x.model_name = s.model_name and x.status <> 'started')
            order by model_name
            """);
        foreach (var row in rows)
        {
            text.Sample("logbook_model_build_duration_seconds", Convert.ToDouble(row[3], System.Globalization.CultureInfo.InvariantCulture), ("model", (string)row[0]!), ("type", (string)row[1]!), ("status", (string)row[2]!));
        }
    }

    private void ApiCalls(PrometheusText text, DbConnection connection)
    {
        text.Family("logbook_soc2_api_calls_total", "counter", "Fivetran REST API calls made by the SOC2 connector (every attempt), by endpoint and HTTP status.");
        if (!DbCommands.TableExists(connection, soc2Schema, "api_logs"))
        {
            return;
        }

        var rows = DbCommands.Rows(connection, null, $"select endpoint, coalesce(cast(http_status as varchar), 'none'), count(*) from {SqlIdentifier.Qualified(soc2Schema, "api_logs")} group by 1, 2 order by 1, 2");
        foreach (var row in rows)
        {
            text.Sample("logbook_soc2_api_calls_total", Convert.ToDouble(row[2], System.Globalization.CultureInfo.InvariantCulture), ("endpoint", (string)row[0]!), ("status", (string)row[1]!));
        }
    }

    private static double Unix(DateTime time) => (time.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;
}
