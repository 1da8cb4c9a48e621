namespace Logbook.Core.Graph;

/// <summary>The project's dependencies form a cycle; the message names it as <c>a --> b --> a</c>.</summary>
public sealed class DagCycleException(IReadOnlyList<string> cycle)
    : Exception($"Dependency cycle: {string.Join(" --> ", cycle)}")
{
    public IReadOnlyList<string> Cycle { get; } = cycle;
}
