namespace Logbook.Audit;

/// <summary>
/// The audit tables. The first columns, their types and keys are exactly the requirement's (seed 001:
/// <c>audit_summary</c> and <c>audit_detail</c>); Logbook's own columns follow them. Timestamps are UTC.
/// The DDL is portable between DuckDB and PostgreSQL and idempotent.
/// </summary>
internal static class AuditSchema
{
    /// <summary>Caps from the requirement's column sizes: text is truncated, never allowed to fail an insert.</summary>
    public const int MessageLength = 1000;

    public const int ErrorLength = 4096;

    public const int NameLength = 255;

    public static IReadOnlyList<string> SummaryColumns { get; } =
    [
        "invocation_id", "model_name", "run_started_at", "run_ended_at", "execution_time_seconds", "rows_processed",
        "status", "run_by_user", "custom_message",
        "error_message", "job_type", "target_name", "host", "process_id", "logbook_version", "rows_affected", "duration_seconds",
    ];

    public static IReadOnlyList<string> DetailColumns { get; } =
    [
        "detail_log_id", "invocation_id", "model_name", "step_name", "step_sequence_num", "event_timestamp", "status", "message",
    ];

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Summary(string schema) => $"{Quote(schema)}.\"audit_summary\"";

    public static string Detail(string schema) => $"{Quote(schema)}.\"audit_detail\"";

    public static IEnumerable<string> Create(string schema)
    {
        yield return $"CREATE SCHEMA IF NOT EXISTS {Quote(schema)}";
        yield return $"""
            CREATE TABLE IF NOT EXISTS {Summary(schema)} (
                invocation_id VARCHAR(255) NOT NULL,
                model_name VARCHAR(255) NOT NULL,
                run_started_at TIMESTAMP NOT NULL,
                run_ended_at TIMESTAMP NULL,
                execution_time_seconds INTEGER NULL,
                rows_processed INTEGER NULL,
                status VARCHAR(50) NOT NULL,
                run_by_user VARCHAR(255),
                custom_message VARCHAR(1000) NULL,
                error_message VARCHAR(4096) NULL,
                job_type VARCHAR(20),
                target_name VARCHAR(255),
                host VARCHAR(255),
                process_id INTEGER,
                logbook_version VARCHAR(50),
                rows_affected BIGINT NULL,
                duration_seconds DOUBLE PRECISION NULL,
                PRIMARY KEY (invocation_id, model_name)
            )
            """;
        yield return $"""
            CREATE TABLE IF NOT EXISTS {Detail(schema)} (
                detail_log_id VARCHAR(255) PRIMARY KEY,
                invocation_id VARCHAR(255),
                model_name VARCHAR(255),
                step_name VARCHAR(255),
                step_sequence_num INTEGER NULL,
                event_timestamp TIMESTAMP,
                status VARCHAR(50),
                message VARCHAR(1000) NULL
            )
            """;
    }

    /// <summary>Truncates text to a column's size, marking the cut, so an insert never fails on length.</summary>
    public static string? Cap(string? text, int length)
    {
        const string marker = "... (truncated)";
        if (text is null || text.Length <= length)
        {
            return text;
        }

        return string.Concat(text.AsSpan(0, length - marker.Length), marker);
    }
}
