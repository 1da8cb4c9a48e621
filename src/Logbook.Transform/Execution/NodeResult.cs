namespace Logbook.Transform.Execution;

/// <summary>How a node ended (dbt's statuses: models succeed or error; tests pass, warn, fail or error).</summary>
public enum NodeStatus
{
    Success,
    Error,
    Skipped,
    Pass,
    Warn,
    Fail,
}

/// <summary>One timed phase of a node (<c>compile</c>, <c>execute</c>), UTC.</summary>
public sealed record Timing(string Name, DateTime StartedAt, DateTime CompletedAt);

/// <summary>The outcome of one node, as written to run_results.json and printed.</summary>
public sealed record NodeResult
{
    public required string UniqueId { get; init; }

    public required string Name { get; init; }

    /// <summary><c>model</c> or <c>test</c>.</summary>
    public required string ResourceType { get; init; }

    public required NodeStatus Status { get; init; }

    /// <summary>A short message: rows written, failures, the error, or why it was skipped.</summary>
    public string? Message { get; init; }

    /// <summary>The driver's row count; null when the engine cannot tell (views, CTAS).</summary>
    public long? RowsAffected { get; init; }

    /// <summary>Failing rows of a test.</summary>
    public long? Failures { get; init; }

    /// <summary>Up to five failing rows of a test, one line each.</summary>
    public IReadOnlyList<string> Sample { get; init; } = [];

    public IReadOnlyList<Timing> Timing { get; init; } = [];

    public double ExecutionTime { get; init; }

    public string? CompiledPath { get; init; }

    public string ThreadId { get; init; } = "main";

    /// <summary>True when this outcome should make the run fail (and, in build, skip what is downstream).</summary>
    public bool IsFailure => Status is NodeStatus.Error or NodeStatus.Fail;
}
