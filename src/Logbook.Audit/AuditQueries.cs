using System.Globalization;

namespace Logbook.Audit;

/// <summary>Read-side SQL over the audit tables (for <c>logbook audit</c> and the dashboards to come).</summary>
public static class AuditQueries
{
    /// <summary>Whether the audit summary table exists (a project that never ran has none).</summary>
    public static string SummaryExists(string schema) =>
        $"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{schema.Replace("'", "''", StringComparison.Ordinal)}' AND table_name = 'audit_summary'";

    /// <summary>The most recent <paramref name="last"/> jobs, newest first; only failed and abandoned ones when asked.</summary>
    public static string RecentRuns(string schema, int last, bool failedOnly)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(last);
        var filter = failedOnly ? "WHERE status IN ('failed', 'abandoned')" : string.Empty;
        return $"""
            SELECT invocation_id, model_name AS job, job_type, status, run_started_at, run_ended_at,
                   execution_time_seconds AS seconds, rows_processed AS "rows", run_by_user AS "user",
                   left(coalesce(error_message, custom_message), 160) AS message
            FROM {AuditSchema.Summary(schema)}
            {filter}
            ORDER BY run_started_at DESC, model_name
            LIMIT {last.ToString(CultureInfo.InvariantCulture)}
            """;
    }
}
