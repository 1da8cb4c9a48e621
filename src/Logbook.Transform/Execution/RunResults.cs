namespace Logbook.Transform.Execution;

/// <summary>Everything one invocation did, in the order nodes finished.</summary>
public sealed record RunResults(
    string InvocationId,
    RunCommand Command,
    IReadOnlyList<NodeResult> Results,
    DateTime StartedAt,
    double ElapsedSeconds,
    bool Interrupted)
{
    /// <summary>True when nothing errored or failed (warnings allowed) and the run was not interrupted.</summary>
    public bool Succeeded => !Interrupted && Results.All(r => !r.IsFailure);

    public int Count(NodeStatus status) => Results.Count(r => r.Status == status);
}
