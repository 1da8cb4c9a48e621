using Logbook.Core.Configuration;
using Logbook.Hosting;
using Logbook.Replication;
using Logbook.Soc2.Configuration;
using Logbook.Transform.Execution;

namespace Logbook.Server.Scheduling;

/// <summary>
/// Runs jobs through Hosting, exactly as the CLI commands do: the same composition root, the same audit log. Every
/// failure becomes a <c>failed</c> outcome with one line of cause; cancellation (server shutdown) becomes <c>cancelled</c>.
/// </summary>
public sealed class HostJobRunner(LogbookHost host, ConfigurationEnvironment environment, string? profilesDirectory, Action<string> warn) : IJobRunner
{
    public JobOutcome Run(JobDefinition job, CancellationToken cancellationToken)
    {
        try
        {
            return job.Kind switch
            {
                JobKind.Sync => Sync(job, cancellationToken),
                JobKind.Build => Build(job, cancellationToken),
                _ => Soc2(job, cancellationToken),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new JobOutcome("cancelled", "the server stopped before the run ended");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var message = e is System.Data.Common.DbException db ? LogbookHost.DescribeError(db) : e.Message.Split('\n')[0];
            return new JobOutcome("failed", message);
        }
    }

    private JobOutcome Sync(JobDefinition job, CancellationToken cancellationToken)
    {
        var request = new SyncRequest
        {
            Mode = job.Option("mode") == "full" ? SyncMode.Full : SyncMode.Delta,
            Lookback = job.Option("lookback") is { } lookback ? Durations.Parse(lookback) : null,
            Streams = job.Option("streams")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
        };
        var (settings, source) = ReplicationJob.Load(host, profilesDirectory, null, environment);
        using (source)
        {
            var results = ReplicationJob.Run(host, settings, source, request, warn, cancellationToken);
            var failed = results.Where(r => r.Status != "success").ToList();
            var rows = results.Sum(r => r.RowsSynced);
            return failed.Count == 0
                ? new JobOutcome("success", $"{results.Count} stream(s), {rows} rows", rows)
                : new JobOutcome("failed", string.Join("; ", failed.Select(f => $"{f.Stream}: {f.Error}")), rows);
        }
    }

    private JobOutcome Build(JobDefinition job, CancellationToken cancellationToken)
    {
        var engine = new ModelEngine(host, environment);
        var manifest = engine.Parse(null);
        var reporter = new QuietRunReporter(warn);
        var results = engine.Run(
            manifest,
            new RunOptions { Command = RunCommand.Build, Select = job.Option("select"), Exclude = job.Option("exclude"), FullRefresh = job.Option("full_refresh") == "true" },
            reporter,
            cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var failures = results.Results.Where(r => r.IsFailure).Select(r => r.UniqueId).ToList();
        var rows = results.Results.Sum(r => r.RowsAffected ?? 0);
        return results.Succeeded
            ? new JobOutcome("success", $"{results.Results.Count} nodes in {results.ElapsedSeconds:0.0} s", rows)
            : new JobOutcome("failed", results.Interrupted ? "interrupted" : $"{failures.Count} failed: {string.Join(", ", failures.Take(5))}", rows);
    }

    private JobOutcome Soc2(JobDefinition job, CancellationToken cancellationToken)
    {
        var file = job.Option("configuration") is { } path ? Path.GetFullPath(path, host.Project.Directory) : null;
        var options = Soc2Configuration.Load(file, environment.GetVariable, warn);
        var result = Soc2Job.Run(host, options, warn, cancellationToken);
        return new JobOutcome("success", $"{result.Users} users, {result.Grants} grants, {result.ApiCalls} API calls", result.Grants);
    }
}
