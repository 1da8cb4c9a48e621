using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Logbook.Core.Querying;
using Logbook.Core.Runs;
using Logbook.Core.Warehouses;
using Logbook.Transform.Artifacts;
using Logbook.Transform.Compilation;
using Logbook.Transform.Project;

namespace Logbook.Transform.Execution;

/// <summary>
/// Orchestrates one invocation (dbt's RunTask): plans the selected nodes, runs independent ones in parallel on
/// up to <see cref="RunOptions.Threads"/> connections, skips everything downstream of a failure, stops early on
/// <c>--fail-fast</c> or cancellation, and always writes run_results.json, whatever happened.
/// </summary>
public sealed class RunTask(Manifest manifest, IWarehouse warehouse, IJobLog jobLog, RunOptions options, IRunReporter reporter, TargetFolder target, string logbookVersion)
{
    private readonly IJobLog _jobLog = options.Command == RunCommand.Compile ? new NullJobLog(jobLog.InvocationId) : jobLog;

    public RunResults Execute(CancellationToken cancellationToken = default)
    {
        var startedAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var results = new List<NodeResult>();
        // manifest.json is written while the first nodes run (serializing it is CPU the warehouse is not using then);
        // the run waits for it before it returns, and a failure to write it still fails the run.
        var manifestWritten = Task.Run(() => ManifestWriter.Write(ManifestWriter.Build(manifest, target, jobLog.InvocationId, logbookVersion, options.TargetName, startedAt), target), CancellationToken.None);
        var plan = RunPlan.Create(manifest, options.Command, options.Select, options.Exclude);
        var threads = Math.Max(1, options.Threads);
        reporter.RunStarting(plan.Nodes.Count, threads, Summarize(plan));
        try
        {
            if (plan.Nodes.Count > 0)
            {
                Schedule(plan, threads, results, cancellationToken);
            }
        }
        finally
        {
            var run = new RunResults(jobLog.InvocationId, options.Command, results, startedAt, clock.Elapsed.TotalSeconds, cancellationToken.IsCancellationRequested);
            RunResultsWriter.Write(run, target, logbookVersion, Arguments());
        }

        manifestWritten.GetAwaiter().GetResult();
        var final = new RunResults(jobLog.InvocationId, options.Command, results, startedAt, clock.Elapsed.TotalSeconds, cancellationToken.IsCancellationRequested);
        reporter.RunFinished(final);
        return final;
    }

    private void Schedule(RunPlan plan, int threads, List<NodeResult> results, CancellationToken cancellationToken)
    {
        if (options.Command != RunCommand.Compile)
        {
            var abandoned = _jobLog.MarkAbandoned();
            if (abandoned > 0)
            {
                reporter.Warning($"marked {abandoned.ToString(CultureInfo.InvariantCulture)} job(s) left 'started' by runs that died as 'abandoned' in the audit log");
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connections = new Stack<(string Thread, DbConnection Connection)>();
        var opened = new List<DbConnection>();
        try
        {
            DbConnection Open()
            {
                var connection = warehouse.OpenConnection();
                opened.Add(connection);
                return connection;
            }

            var first = Open();
            var relations = RelationCache.Load(first, [.. manifest.Sources.Values.Select(s => s.Schema).Distinct(StringComparer.OrdinalIgnoreCase)]);
            if (options.Command != RunCommand.Compile)
            {
                CreateSchemas(first, plan);
            }

            connections.Push(("Thread-1", first));
            for (var i = 2; i <= Math.Min(threads, plan.Nodes.Count); i++)
            {
                connections.Push(($"Thread-{i.ToString(CultureInfo.InvariantCulture)}", Open()));
            }

            var runner = new NodeRunner(manifest, warehouse, _jobLog, new NodeCompiler(manifest, warehouse.Dialect, relations.SourceColumns), target, relations, options);
            Loop(plan, runner, connections, results, stop);
            // The last batch of audit rows is written while the connections close and the artifacts are written.
            _jobLog.JobsFinished();
        }
        finally
        {
            foreach (var connection in opened)
            {
                connection.Dispose();
            }
        }
    }

    private void Loop(RunPlan plan, NodeRunner runner, Stack<(string Thread, DbConnection Connection)> connections, List<NodeResult> results, CancellationTokenSource stop)
    {
        var order = plan.Nodes.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index, StringComparer.Ordinal);
        var waiting = plan.Nodes.ToDictionary(id => id, id => plan.Graph.Parents(id).Count, StringComparer.Ordinal);
        var ready = new SortedSet<string>(Comparer<string>.Create((a, b) => order[a].CompareTo(order[b])));
        ready.UnionWith(plan.Nodes.Where(id => waiting[id] == 0));
        var done = new HashSet<string>(StringComparer.Ordinal);
        var running = new Dictionary<Task<NodeResult>, (string Id, int Index, (string Thread, DbConnection Connection) Slot)>();
        var total = plan.Nodes.Count;
        var started = 0;
        var halted = false;
        var failedFast = false;

        while (ready.Count > 0 || running.Count > 0)
        {
            while (!halted && ready.Count > 0 && connections.Count > 0)
            {
                var id = ready.Min!;
                ready.Remove(id);
                var slot = connections.Pop();
                var index = ++started;
                reporter.NodeStarting(index, total, Describe(id));
                var task = Task.Factory.StartNew(
                    () => RunNode(runner, id, slot, stop.Token),
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default);
                running[task] = (id, index, slot);
            }

            if (running.Count == 0)
            {
                break;
            }

            var finished = running.Keys.ToArray()[Task.WaitAny([.. running.Keys])];
            var (doneId, doneIndex, doneSlot) = running[finished];
            running.Remove(finished);
            connections.Push(doneSlot);
            var result = finished.Result;
            results.Add(result);
            done.Add(doneId);
            reporter.NodeFinished(doneIndex, total, Describe(doneId), result);
            RecordOnModel(doneId, result, done);

            if (result.IsFailure)
            {
                foreach (var downstream in plan.Graph.Descendants(doneId).Where(d => !done.Contains(d)).OrderBy(d => order[d]))
                {
                    done.Add(downstream);
                    ready.Remove(downstream);
                    waiting.Remove(downstream);
                    results.Add(Skip(downstream, $"skipped: upstream {result.Name} {(result.Status == NodeStatus.Fail ? "failed its test" : "errored")}", ++started, total));
                }
            }

            if (result.IsFailure && options.FailFast && !halted)
            {
                halted = true;
                failedFast = true;
                reporter.Warning($"--fail-fast: stopping after {result.Name} {(result.Status == NodeStatus.Fail ? "failed" : "errored")}; running nodes are cancelled");
                stop.Cancel();
            }

            if (stop.IsCancellationRequested)
            {
                halted = true;
            }

            foreach (var child in plan.Graph.Children(doneId))
            {
                if (waiting.ContainsKey(child) && --waiting[child] == 0 && !done.Contains(child))
                {
                    ready.Add(child);
                }
            }
        }

        // What never started (fail-fast or cancellation) is reported as skipped, so run_results.json is complete.
        foreach (var id in plan.Nodes.Where(id => !done.Contains(id)))
        {
            results.Add(Skip(id, failedFast ? "skipped: --fail-fast" : "skipped: the run was stopped", ++started, total));
        }
    }

    /// <summary>A test's outcome also becomes a step of the model it tests, when that model ran in this invocation.</summary>
    private void RecordOnModel(string id, NodeResult result, HashSet<string> done)
    {
        if (result.ResourceType == "test" && manifest.TestById(id)?.AttachedNode is { } owner && done.Contains(owner) && manifest.ModelById(owner) is { } model)
        {
            var status = result.Status switch
            {
                NodeStatus.Pass => "info",
                NodeStatus.Warn => "warning",
                _ => "error",
            };
            _jobLog.Step(model.Name, $"test {result.Name}", status, $"{result.Status.ToString().ToLowerInvariant()}: {result.Message}");
        }
    }

    private NodeResult RunNode(NodeRunner runner, string id, (string Thread, DbConnection Connection) slot, CancellationToken cancellationToken) =>
        manifest.ModelById(id) is { } model
            ? runner.RunModel(model, slot.Connection, slot.Thread, cancellationToken)
            : runner.RunTest(manifest.TestById(id)!, slot.Connection, slot.Thread, cancellationToken);

    private NodeResult Skip(string id, string reason, int index, int total)
    {
        var node = Describe(id);
        var result = new NodeResult { UniqueId = id, Name = node.Name, ResourceType = node.ResourceType, Status = NodeStatus.Skipped, Message = reason };
        if (options.Command != RunCommand.Compile)
        {
            _jobLog.JobStarted(node.Name, node.ResourceType == "test" ? AuditJobType.Test : AuditJobType.Model);
            _jobLog.JobEnded(node.Name, AuditStatus.Skipped, error: reason);
        }

        reporter.NodeFinished(index, total, node, result);
        return result;
    }

    private void CreateSchemas(DbConnection connection, RunPlan plan)
    {
        // Created once, up front: concurrent CREATE SCHEMA from several connections conflicts in the catalog.
        foreach (var schema in plan.Nodes.Select(manifest.ModelById).OfType<ModelNode>().Select(m => m.Schema).Distinct(StringComparer.Ordinal))
        {
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"create schema if not exists {Sql.Quote(schema)}";
                command.ExecuteNonQuery();
            }
            catch (DbException) when (SchemaExists(connection, schema))
            {
                // Another run created it at the same moment (PostgreSQL's IF NOT EXISTS can still collide).
            }
        }
    }

    private static bool SchemaExists(DbConnection connection, string schema) =>
        Convert.ToInt64(DbCommands.Scalar(connection, null, "select count(*) from information_schema.schemata where schema_name = $1", schema), CultureInfo.InvariantCulture) > 0;

    private PlannedNode Describe(string id)
    {
        if (manifest.ModelById(id) is { } model)
        {
            return new PlannedNode(id, model.Name, "model", $"{model.Config.Materialized.ToString().ToLowerInvariant()} model {model.Schema}.{model.Alias}");
        }

        var test = manifest.TestById(id)!;
        return new PlannedNode(id, test.Name, "test", $"test {test.Name}");
    }

    private string Summarize(RunPlan plan)
    {
        var models = plan.Nodes.Count(id => id.StartsWith("model.", StringComparison.Ordinal));
        var tests = plan.Nodes.Count - models;
        return $"{models.ToString(CultureInfo.InvariantCulture)} model{(models == 1 ? string.Empty : "s")}, {tests.ToString(CultureInfo.InvariantCulture)} test{(tests == 1 ? string.Empty : "s")}";
    }

    private Dictionary<string, object?> Arguments() => new(StringComparer.Ordinal)
    {
        ["command"] = options.Command.ToString().ToLowerInvariant(),
        ["select"] = options.Select,
        ["exclude"] = options.Exclude,
        ["threads"] = (long)options.Threads,
        ["full_refresh"] = options.FullRefresh,
        ["fail_fast"] = options.FailFast,
        ["target"] = options.TargetName,
    };
}
