namespace Logbook.Audit;

/// <summary>Where the audit tables live and who is running. Defaults describe this process.</summary>
public sealed record AuditOptions
{
    /// <summary>The audit schema (created on first use).</summary>
    public string Schema { get; init; } = "logbook_audit";

    /// <summary>The profile target the run uses (<c>target_name</c>).</summary>
    public string? TargetName { get; init; }

    /// <summary><c>run_by_user</c>: the OS user by default.</summary>
    public string User { get; init; } = Environment.UserName;

    public string Host { get; init; } = Environment.MachineName;

    public int ProcessId { get; init; } = Environment.ProcessId;

    public string LogbookVersion { get; init; } = typeof(AuditOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Rows left <c>started</c> by another host count as abandoned after this long.</summary>
    public TimeSpan ForeignHostStaleAfter { get; init; } = TimeSpan.FromHours(24);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where each invocation journals its <c>started</c> rows before its jobs run (see <c>AuditJournal</c>); null
    /// for none, and then every <c>started</c> row waits for its warehouse commit instead.
    /// </summary>
    public string? JournalDirectory { get; init; }

    /// <summary>
    /// How long queued audit rows wait for others to share their commit (at most): how far the tables may lag a
    /// running job. A batch costs about the same whatever its size, so this bounds the log's steady cost.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(2000);
}
