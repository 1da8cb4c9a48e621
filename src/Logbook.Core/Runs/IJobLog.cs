namespace Logbook.Core.Runs;

/// <summary>
/// Where jobs (models, tests, syncs, connectors) record that they start, their steps and how they end. The run
/// audit log implements it; engines call it and never depend on how it is stored. Implementations must not throw:
/// a failed audit write is a warning, never a failed job.
/// </summary>
public interface IJobLog
{
    /// <summary>The invocation the rows belong to.</summary>
    string InvocationId { get; }

    /// <summary>Records that a job starts (before it does any work).</summary>
    void JobStarted(string name, AuditJobType type, string? customMessage = null);

    /// <summary>One step of a running or finished job.</summary>
    void Step(string name, string step, string status = "info", string? message = null, int? sequence = null);

    /// <summary>How the job ended; <paramref name="rowsAffected"/> is the driver's count or null when unknown.</summary>
    void JobEnded(string name, AuditStatus status, long? rowsAffected = null, string? error = null, string? customMessage = null);

    /// <summary>Marks rows that earlier, dead runs left <c>started</c> as abandoned; returns how many.</summary>
    int MarkAbandoned();

    /// <summary>
    /// No more jobs will start in this invocation: what is queued can be written now instead of at the end of its
    /// batch, while the caller tidies up (it still flushes, or disposes, before it exits).
    /// </summary>
    void JobsFinished()
    {
    }
}

/// <summary>A job log that records nothing (audit disabled).</summary>
public sealed class NullJobLog(string invocationId) : IJobLog
{
    public string InvocationId { get; } = invocationId;

    public void JobStarted(string name, AuditJobType type, string? customMessage = null)
    {
    }

    public void Step(string name, string step, string status = "info", string? message = null, int? sequence = null)
    {
    }

    public void JobEnded(string name, AuditStatus status, long? rowsAffected = null, string? error = null, string? customMessage = null)
    {
    }

    public int MarkAbandoned() => 0;
}
