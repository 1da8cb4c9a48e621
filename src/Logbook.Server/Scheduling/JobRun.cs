namespace Logbook.Server.Scheduling;

/// <summary>One run of a scheduled job, as the scheduler records it.</summary>
public sealed record JobRun(string RunId, string Job, string Trigger, DateTime StartedAt, DateTime? EndedAt, string Status, string? Message, long? Rows)
{
    public double? DurationSeconds => EndedAt is { } end ? (end - StartedAt).TotalSeconds : null;
}
