using System.CommandLine;
using System.Globalization;
using Logbook.Core.Configuration;
using Logbook.Hosting;
using Logbook.Replication;

namespace Logbook.Cli.Commands;

/// <summary>
/// <c>logbook sync ai-audit-logs --mode=delta [--since=ISO]</c> and <c>--mode=full [--lookback=24h]</c>, as the seed's
/// command line: PostgreSQL tables into the warehouse (docs/replication.md). One line per stream; exit 1 when any failed.
/// </summary>
internal static class SyncCommand
{
    public static Command Create(CliContext context)
    {
        var mode = new Option<string>("--mode")
        {
            Description = "delta: from the stored mark (default); full: reload everything, or with --lookback re-read and reconcile that window",
            DefaultValueFactory = _ => "delta",
            HelpName = "delta|full",
        };
        mode.AcceptOnlyFromAmong("delta", "full");
        var since = new Option<string?>("--since") { Description = "Delta: also re-read rows from this time (ISO 8601, UTC unless it has an offset); the mark never moves back", HelpName = "iso" };
        var lookback = new Option<string?>("--lookback") { Description = "Full: re-read this window before the mark (24h, 90m, 7d), upserting and deleting rows gone from the source", HelpName = "duration" };
        var streams = new Option<string[]>("--stream") { Description = "Only this stream (name, source or target table); repeatable. Default: every stream", HelpName = "name", AllowMultipleArgumentsPerToken = false };
        var sourceTarget = new Option<string?>("--source-target") { Description = "A postgres output of the profile to read from; default: replication.yml's source_target, then $DATABASE_URL", HelpName = "name" };
        var warehouse = new WarehouseOptions();
        var auditLogs = new Command("ai-audit-logs", "Copy ai_audit_logs, workspace_data_snapshots and market_snapshots (or replication.yml's streams) from PostgreSQL into the warehouse")
        {
            mode, since, lookback, streams, sourceTarget,
        };
        warehouse.AddTo(auditLogs);
        auditLogs.SetAction(parse =>
        {
            void Warn(string message) => context.Error.WriteLine($"warning: {message}");
            var request = new SyncRequest
            {
                Mode = parse.GetValue(mode) == "full" ? SyncMode.Full : SyncMode.Delta,
                Since = parse.GetValue(since) is { } text ? ParseTime(text) : null,
                Lookback = parse.GetValue(lookback) is { } window ? Durations.Parse(window) ?? throw new LogbookConfigurationException($"--lookback '{window}' is not a duration such as 24h, 90m or 7d") : null,
                Streams = parse.GetValue(streams) ?? [],
            };
            var (options, requiredKind) = ReplicationJob.Destination(warehouse.Read(parse), context.Environment.GetVariable);
            var host = LogbookHost.Load(options, context.Environment);
            var (settings, source) = ReplicationJob.Load(host, options.ProfilesDirectory, parse.GetValue(sourceTarget), context.Environment, requiredKind);
            using (source)
            {
                using var signals = new SignalCancellation();
                var results = ReplicationJob.Run(host, settings, source, request, Warn, signals.Token);
                foreach (var result in results)
                {
                    var target = $"{settings.Schema}.{result.TargetTable}";
                    if (result.Status == "success")
                    {
                        context.Out.WriteLine(string.Create(
                            CultureInfo.InvariantCulture,
                            $"OK {result.Stream} -> {target}: {result.RowsSynced} rows in {result.Batches} batches{(result.RowsDeleted > 0 ? $", {result.RowsDeleted} deleted" : string.Empty)}, latency {result.LatencySeconds:0.###} s, mark {result.Mark?.ToString() ?? "(none)"} [{result.Elapsed.TotalSeconds:0.00}s]"));
                        if (result.Warning is { } warning)
                        {
                            Warn(warning);
                        }
                    }
                    else
                    {
                        context.Out.WriteLine($"ERROR {result.Stream} -> {target}: {result.Error}");
                    }
                }

                var failed = results.Count(r => r.Status != "success");
                context.Out.WriteLine(failed == 0 ? $"Synced {results.Count} stream(s) from {source.Description}" : $"{failed} of {results.Count} stream(s) failed");
                return failed == 0 ? ExitCodes.Success : ExitCodes.RuntimeError;
            }
        });
        return new Command("sync", "Replicate source tables into the warehouse (docs/replication.md)") { auditLogs };
    }

    private static DateTime ParseTime(string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
            : throw new LogbookConfigurationException($"--since '{text}' is not a time such as 2026-12-07T10:00:00Z");
}
