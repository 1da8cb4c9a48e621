using System.Globalization;
using Logbook.Transform.Execution;

namespace Logbook.Cli.Output;

/// <summary>
/// Prints a run the way dbt does: a START line and a result line per node with rows and seconds, a summary of
/// what failed, and a <c>Done.</c> line with counts. On a terminal, a progress line under the log shows what is
/// running; it is redrawn in place and never reaches redirected output.
/// </summary>
internal sealed class ConsoleRunReporter(TextWriter output, TextWriter error, string version, string targetName, bool interactive) : IRunReporter
{
    private const int Width = 72;
    private readonly SortedDictionary<int, string> _running = [];
    private int _finished;
    private int _total;
    private bool _progressShown;

    public void ProjectParsed(int models, int tests, int sources)
    {
        Line($"Running with logbook={version}");
        Line($"Found {Count(models, "model")}, {Count(tests, "test")}, {Count(sources, "source")}");
    }

    public void RunStarting(int nodeCount, int threads, string summary)
    {
        _total = nodeCount;
        Line($"Concurrency: {Count(threads, "thread")} (target='{targetName}')");
        Line(string.Empty);
        if (nodeCount == 0)
        {
            Line("Nothing to do: the selection matched no nodes.");
        }
    }

    public void NodeStarting(int index, int total, PlannedNode node)
    {
        _running[index] = node.Name;
        Line(Dots($"{index} of {total} START {node.Description}", "[RUN]"));
    }

    public void NodeFinished(int index, int total, PlannedNode node, NodeResult result)
    {
        _running.Remove(index);
        _finished++;
        var seconds = result.ExecutionTime.ToString("0.00", CultureInfo.InvariantCulture);
        var line = result.Status switch
        {
            NodeStatus.Success when result.RowsAffected is { } rows => Dots($"{index} of {total} OK {node.Description}", $"[OK {rows.ToString(CultureInfo.InvariantCulture)} rows in {seconds}s]"),
            NodeStatus.Success => Dots($"{index} of {total} OK {node.Description}", $"[OK in {seconds}s]"),
            NodeStatus.Pass => Dots($"{index} of {total} PASS {node.Name}", $"[PASS in {seconds}s]"),
            NodeStatus.Warn => Dots($"{index} of {total} WARN {result.Failures} {node.Name}", $"[WARN {result.Failures} in {seconds}s]"),
            NodeStatus.Fail => Dots($"{index} of {total} FAIL {result.Failures} {node.Name}", $"[FAIL {result.Failures} in {seconds}s]"),
            NodeStatus.Skipped => Dots($"{index} of {total} SKIP {node.Description}", "[SKIP]"),
            _ => Dots($"{index} of {total} ERROR {node.Description}", $"[ERROR in {seconds}s]"),
        };
        Line(line);
    }

    public void Warning(string message)
    {
        Line($"warning: {message}");
    }

    public void RunFinished(RunResults results)
    {
        ClearProgress();
        var models = results.Results.Count(r => r.ResourceType == "model");
        var tests = results.Results.Count - models;
        Line(string.Empty);
        Line($"Finished running {Count(models, "model")}, {Count(tests, "test")} in {results.ElapsedSeconds.ToString("0.00", CultureInfo.InvariantCulture)}s{(results.Interrupted ? " (interrupted)" : string.Empty)}.");
        var problems = results.Results.Where(r => r.Status is NodeStatus.Error or NodeStatus.Fail or NodeStatus.Warn).ToList();
        if (problems.Count > 0)
        {
            var errors = problems.Count(p => p.IsFailure);
            Line(string.Empty);
            Line($"Completed with {Count(errors, "error")} and {Count(problems.Count - errors, "warning")}:");
            foreach (var problem in problems)
            {
                Line(string.Empty);
                var kind = problem.Status switch
                {
                    NodeStatus.Fail => "Failure in test",
                    NodeStatus.Warn => "Warning in test",
                    _ => $"Error in {problem.ResourceType}",
                };
                Line($"  {kind} {problem.Name}{(problem.CompiledPath is null ? string.Empty : $" ({problem.CompiledPath})")}");
                Line($"    {problem.Message}");
                foreach (var row in problem.Sample)
                {
                    Line($"    | {row}");
                }
            }
        }
        else if (results.Succeeded)
        {
            Line(string.Empty);
            Line("Completed successfully");
        }

        Line(string.Empty);
        var pass = results.Count(NodeStatus.Success) + results.Count(NodeStatus.Pass);
        var error = results.Count(NodeStatus.Error) + results.Count(NodeStatus.Fail);
        Line(string.Create(CultureInfo.InvariantCulture, $"Done. PASS={pass} WARN={results.Count(NodeStatus.Warn)} ERROR={error} SKIP={results.Count(NodeStatus.Skipped)} TOTAL={results.Results.Count}"));
    }

    private void Line(string text)
    {
        ClearProgress();
        output.WriteLine(text.Length == 0 ? string.Empty : $"{DateTime.Now:HH:mm:ss}  {text}");
        ShowProgress();
    }

    private void ShowProgress()
    {
        if (!interactive || _total == 0 || _running.Count == 0)
        {
            return;
        }

        var names = string.Join(", ", _running.Values.Take(4)) + (_running.Count > 4 ? $" +{_running.Count - 4}" : string.Empty);
        error.Write($"\r\u001b[2K  [{_finished}/{_total}] running: {names}");
        error.Flush();
        _progressShown = true;
    }

    private void ClearProgress()
    {
        if (_progressShown)
        {
            error.Write("\r\u001b[2K");
            _progressShown = false;
        }
    }

    private static string Dots(string left, string right)
    {
        var dots = Math.Max(3, Width - left.Length);
        return $"{left} {new string('.', dots)} {right}";
    }

    private static string Count(int count, string noun) => $"{count.ToString(CultureInfo.InvariantCulture)} {noun}{(count == 1 ? string.Empty : "s")}";
}
