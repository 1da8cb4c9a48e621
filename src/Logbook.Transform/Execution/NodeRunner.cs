using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Logbook.Core.Runs;
using Logbook.Core.Templates;
using Logbook.Core.Warehouses;
using Logbook.Transform.Artifacts;
using Logbook.Transform.Compilation;
using Logbook.Transform.Materializations;
using Logbook.Transform.Project;

namespace Logbook.Transform.Execution;

/// <summary>
/// Runs one node on a connection of its own and records it in the audit log: the summary row is written
/// <c>started</c> before anything executes, then steps (compile, execute, swap, the model's own events) and the end.
/// </summary>
internal sealed class NodeRunner(
    Manifest manifest,
    IWarehouse warehouse,
    IJobLog jobLog,
    NodeCompiler compiler,
    TargetFolder target,
    RelationCache relations,
    RunOptions options)
{
    public const int SampleRows = 5;

    public NodeResult RunModel(ModelNode model, DbConnection connection, string threadId, CancellationToken cancellationToken)
    {
        var timings = new List<Timing>();
        var clock = Stopwatch.StartNew();
        jobLog.JobStarted(model.Name, AuditJobType.Model, model.Config.CustomMessage);
        string? compiledPath = null;
        var phase = "compile";
        var started = DateTime.UtcNow;
        try
        {
            var fullRefresh = options.FullRefresh && model.Config.FullRefresh != false;
            var isIncremental = model.Config.Materialized == Materialization.Incremental && !fullRefresh
                && relations.Find(model.Schema, model.Alias) == RelationKind.Table;
            var compiled = compiler.Compile(model, isIncremental);
            compiledPath = WriteCompiled(target.CompiledPath(model.OriginalFilePath), compiled.Sql);
            jobLog.Step(model.Name, "compile", "info", $"compiled to {compiledPath}{(isIncremental ? " (incremental)" : string.Empty)}");
            timings.Add(new Timing("compile", started, DateTime.UtcNow));
            if (options.Command == RunCommand.Compile)
            {
                jobLog.JobEnded(model.Name, AuditStatus.Completed);
                return Result(model, NodeStatus.Success, "compiled", null, timings, clock, compiledPath, threadId);
            }

            phase = "execute";
            started = DateTime.UtcNow;
            foreach (var step in compiled.Events)
            {
                jobLog.Step(model.Name, step.Step, step.Status, step.Message, step.Sequence);
            }

            var context = new BuildContext(connection, warehouse, model, compiled.Sql, relations, fullRefresh, (name, message) => jobLog.Step(model.Name, name, "info", message), cancellationToken);
            RunHooks(model, model.Config.PreHooks, "pre_hook", context, isIncremental);
            var rows = Materializer.Build(context);
            RunHooks(model, model.Config.PostHooks, "post_hook", context, isIncremental);
            timings.Add(new Timing("execute", started, DateTime.UtcNow));
            jobLog.JobEnded(model.Name, AuditStatus.Completed, rows);
            var message = rows is null ? Describe(model) : $"{Describe(model)}: {rows.Value.ToString(CultureInfo.InvariantCulture)} rows";
            return Result(model, NodeStatus.Success, message, rows, timings, clock, compiledPath, threadId);
        }
        catch (Exception e) when (IsNodeFailure(e))
        {
            timings.Add(new Timing(phase, started, DateTime.UtcNow));
            var message = Describe(e, compiledPath, cancellationToken);
            jobLog.Step(model.Name, phase, "error", message);
            jobLog.JobEnded(model.Name, AuditStatus.Failed, error: message);
            return Result(model, NodeStatus.Error, message, null, timings, clock, compiledPath, threadId);
        }
    }

    public NodeResult RunTest(TestNode test, DbConnection connection, string threadId, CancellationToken cancellationToken)
    {
        var timings = new List<Timing>();
        var clock = Stopwatch.StartNew();
        var doCompileOnly = options.Command == RunCommand.Compile;
        if (!doCompileOnly)
        {
            jobLog.JobStarted(test.Name, AuditJobType.Test);
        }

        string? compiledPath = null;
        var phase = "compile";
        var started = DateTime.UtcNow;
        try
        {
            var compiled = compiler.Compile(test);
            compiledPath = WriteCompiled(test.TestName is null ? target.CompiledPath(test.OriginalFilePath) : target.CompiledPath(test.OriginalFilePath, test.Name), compiled.Sql);
            timings.Add(new Timing("compile", started, DateTime.UtcNow));
            if (doCompileOnly)
            {
                return TestResult(test, NodeStatus.Success, "compiled", null, [], timings, clock, compiledPath, threadId);
            }

            jobLog.Step(test.Name, "compile", "info", $"compiled to {compiledPath}");
            phase = "execute";
            started = DateTime.UtcNow;
            CheckColumns(test, connection);
            var (failures, sample) = CountFailures(connection, compiled.Sql, cancellationToken);
            timings.Add(new Timing("execute", started, DateTime.UtcNow));
            var status = failures == 0 ? NodeStatus.Pass : test.Severity == TestSeverity.Warn ? NodeStatus.Warn : NodeStatus.Fail;
            var message = failures == 0 ? "pass" : $"got {failures.ToString(CultureInfo.InvariantCulture)} failing row{(failures == 1 ? string.Empty : "s")} ({(status == NodeStatus.Warn ? "severity warn" : "severity error")})";
            jobLog.Step(test.Name, "execute", status switch { NodeStatus.Pass => "info", NodeStatus.Warn => "warning", _ => "error" }, sample.Count == 0 ? message : $"{message}; sample: {string.Join(" | ", sample)}");
            jobLog.JobEnded(test.Name, status == NodeStatus.Fail ? AuditStatus.Failed : AuditStatus.Completed, error: status == NodeStatus.Pass ? null : message);
            return TestResult(test, status, message, failures, sample, timings, clock, compiledPath, threadId);
        }
        catch (Exception e) when (IsNodeFailure(e))
        {
            timings.Add(new Timing(phase, started, DateTime.UtcNow));
            var message = Describe(e, compiledPath, cancellationToken);
            if (!doCompileOnly)
            {
                jobLog.Step(test.Name, phase, "error", message);
                jobLog.JobEnded(test.Name, AuditStatus.Failed, error: message);
            }

            return TestResult(test, NodeStatus.Error, message, null, [], timings, clock, compiledPath, threadId);
        }
    }

    /// <summary>Failures that belong to the node (SQL, templates, files, cancellation), not to the engine.</summary>
    private static bool IsNodeFailure(Exception e) =>
        e is DbException or TemplateSyntaxException or ProjectException or InvalidOperationException or OperationCanceledException or IOException or UnauthorizedAccessException;

    private void RunHooks(ModelNode model, IReadOnlyList<string> hooks, string kind, BuildContext context, bool isIncremental)
    {
        foreach (var hook in hooks)
        {
            var sql = compiler.CompileHook(model, hook, isIncremental);
            if (!string.IsNullOrWhiteSpace(sql))
            {
                context.Execute(sql);
                context.Step(kind, sql.Length > 200 ? sql[..200] + "..." : sql);
            }
        }
    }

    /// <summary>A column test on a column the relation lacks fails with the YAML's place, not a binder error.</summary>
    private void CheckColumns(TestNode test, DbConnection connection)
    {
        if (test.AttachedNode is null || manifest.RelationOf(test.AttachedNode) is not { } relation)
        {
            return;
        }

        var wanted = new List<string>();
        if (test.ColumnName is not null)
        {
            wanted.Add(test.ColumnName);
        }

        if (test.Arguments.GetValueOrDefault("combination_of_columns") is System.Collections.IEnumerable combination and not string)
        {
            wanted.AddRange(combination.Cast<object?>().Select(c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? string.Empty));
        }

        if (wanted.Count == 0)
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"select * from {relation} where 1 = 0";
        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var missing = wanted.FirstOrDefault(w => !columns.Contains(w, StringComparer.OrdinalIgnoreCase));
        if (missing is not null)
        {
            throw new ProjectException($"{test.DefinedAt}: test {test.Name} is on column '{missing}', which {relation} does not have (its columns: {string.Join(", ", columns)})");
        }
    }

    /// <summary>Counts a test's failing rows and reads a sample, in one query.</summary>
    private static (long Failures, IReadOnlyList<string> Sample) CountFailures(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"select *, count(*) over () as logbook_failures from (\n{sql}\n) as logbook_test limit {SampleRows}";
        using var registration = cancellationToken.Register(command.Cancel);
        using var reader = command.ExecuteReader();
        long failures = 0;
        var sample = new List<string>();
        while (reader.Read())
        {
            var last = reader.FieldCount - 1;
            failures = Convert.ToInt64(reader.GetValue(last), CultureInfo.InvariantCulture);
            var row = new StringBuilder();
            for (var i = 0; i < last; i++)
            {
                row.Append(i == 0 ? string.Empty : ", ").Append(reader.GetName(i)).Append('=')
                    .Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
            }

            sample.Add(row.ToString());
        }

        cancellationToken.ThrowIfCancellationRequested();
        return (failures, sample);
    }

    private string WriteCompiled(string path, string sql)
    {
        TargetFolder.WriteAtomically(path, sql + "\n");
        return target.Display(path);
    }

    private string Describe(Exception e, string? compiledPath, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return "interrupted (the run was cancelled)";
        }

        return e switch
        {
            DbException db => $"{warehouse.DescribeError(db)}{(compiledPath is null ? string.Empty : $" (compiled SQL: {compiledPath})")}",
            _ => e.Message.Split('\n')[0].Trim(),
        };
    }

    internal static string Describe(ModelNode model) =>
        $"{model.Config.Materialized.ToString().ToLowerInvariant()} {model.RelationName}";

    private static NodeResult Result(ModelNode model, NodeStatus status, string message, long? rows, List<Timing> timings, Stopwatch clock, string? compiledPath, string threadId) => new()
    {
        UniqueId = model.UniqueId,
        Name = model.Name,
        ResourceType = "model",
        Status = status,
        Message = message,
        RowsAffected = rows,
        Timing = timings,
        ExecutionTime = clock.Elapsed.TotalSeconds,
        CompiledPath = compiledPath,
        ThreadId = threadId,
    };

    private static NodeResult TestResult(TestNode test, NodeStatus status, string message, long? failures, IReadOnlyList<string> sample, List<Timing> timings, Stopwatch clock, string? compiledPath, string threadId) => new()
    {
        UniqueId = test.UniqueId,
        Name = test.Name,
        ResourceType = "test",
        Status = status,
        Message = message,
        Failures = failures,
        Sample = sample,
        Timing = timings,
        ExecutionTime = clock.Elapsed.TotalSeconds,
        CompiledPath = compiledPath,
        ThreadId = threadId,
    };
}
