namespace Logbook.Core.Runs;

/// <summary>The <c>status</c> of an <c>audit_summary</c> row, stored in lower case.</summary>
public enum AuditStatus
{
    /// <summary>Written before the job executes.</summary>
    Started,

    Completed,

    Failed,

    /// <summary>Not run because something upstream failed.</summary>
    Skipped,

    /// <summary>Left <c>started</c> by a process that died; marked by a later run.</summary>
    Abandoned,
}

/// <summary>What kind of job a summary row describes (<c>job_type</c>).</summary>
public enum AuditJobType
{
    Model,
    Test,
    Sync,
    Connector,
}
