namespace Logbook.Transform.Execution;

/// <summary>A node about to run, as shown on its START line.</summary>
public sealed record PlannedNode(string UniqueId, string Name, string ResourceType, string Description);

/// <summary>Receives a run's progress. All calls come from one thread, in order.</summary>
public interface IRunReporter
{
    void RunStarting(int nodeCount, int threads, string summary);

    void NodeStarting(int index, int total, PlannedNode node);

    void NodeFinished(int index, int total, PlannedNode node, NodeResult result);

    void Warning(string message);

    void RunFinished(RunResults results);
}
