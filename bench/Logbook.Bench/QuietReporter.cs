using Logbook.Transform.Execution;

namespace Logbook.Bench;

/// <summary>No console output; keeps the warnings.</summary>
internal sealed class QuietReporter : IRunReporter
{
    public List<string> Warnings { get; } = [];

    public void RunStarting(int nodeCount, int threads, string summary)
    {
    }

    public void NodeStarting(int index, int total, PlannedNode node)
    {
    }

    public void NodeFinished(int index, int total, PlannedNode node, NodeResult result)
    {
    }

    public void Warning(string message) => Warnings.Add(message);

    public void RunFinished(RunResults results)
    {
    }
}
