namespace Logbook.Audit;

/// <summary>A job's summary row as it is written when the job starts (and as the journal keeps it).</summary>
internal sealed record StartedRow(
    string InvocationId, string ModelName, DateTime RunStartedAt, string? RunByUser, string? CustomMessage,
    string JobType, string? TargetName, string? Host, int ProcessId, string LogbookVersion);

/// <summary>How a job ended: the summary row's outcome columns.</summary>
internal sealed record OutcomeRow(
    string InvocationId, string ModelName, DateTime RunEndedAt, int? ExecutionTimeSeconds, int? RowsProcessed, long? RowsAffected,
    string Status, string? ErrorMessage, string? CustomMessage, double? DurationSeconds);

/// <summary>One <c>audit_detail</c> row.</summary>
internal sealed record StepRow(
    string DetailLogId, string InvocationId, string ModelName, string StepName, int? StepSequenceNum, DateTime EventTimestamp, string Status, string? Message)
{
    /// <summary>The values in the table's column order (<see cref="AuditSchema.DetailColumns"/>).</summary>
    public object?[] Values() => [DetailLogId, InvocationId, ModelName, StepName, StepSequenceNum, EventTimestamp, Status, Message];
}

/// <summary>One write the audit log queues; <see cref="What"/> names it in warnings.</summary>
internal abstract record AuditOp(string What);

/// <summary>A job starts; <see cref="Repeat"/> when this invocation already has its row (it runs again: the row is reset).</summary>
internal sealed record StartOp(StartedRow Row, bool Repeat) : AuditOp($"start {Row.ModelName}");

internal sealed record EndOp(OutcomeRow Row) : AuditOp($"end {Row.ModelName}");

internal sealed record StepOp(StepRow Row) : AuditOp($"step {Row.ModelName}/{Row.StepName}");
