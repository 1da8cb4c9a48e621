namespace Logbook.Transform.Execution;

/// <summary>
/// A reporter that shows nothing, for runs without a console (the server's scheduled builds, tests, benchmarks);
/// warnings go to <paramref name="warn"/> when one is given.
/// </summary>
public sealed class QuietRunReporter(Action<string>? warn = null) : IRunReporter
{
    public void RunStarting(int nodeCount, int threads, string summary)
    {
    }

    public void NodeStarting(int index, int total, PlannedNode node)
    {
    }

    public void NodeFinished(int index, int total, PlannedNode node, NodeResult result)
    {
    }

    public void Warning(string message) => warn?.Invoke(message);

    public void RunFinished(RunResults results)
    {
    }
}
