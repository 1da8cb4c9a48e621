using Logbook.Core.Replication;
using Logbook.Core.Runs;
using Logbook.Core.Warehouses;

namespace Logbook.Replication;

/// <summary>
/// Runs the selected streams one after another, each one audited job; a stream that fails is reported and the
/// others still run (as dbt runs independent models).
/// </summary>
public sealed class Replicator(IWarehouse warehouse, IReplicationSource source, ReplicationSettings settings, IJobLog log)
{
    public IReadOnlyList<StreamSyncResult> Run(SyncRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        var results = new List<StreamSyncResult>();
        foreach (var stream in Select(request))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = DateTime.UtcNow;
            try
            {
                results.Add(new StreamSync(warehouse, source, settings, stream, log).Run(request, cancellationToken));
            }
            catch (Exception e) when (e is not OutOfMemoryException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var message = e is System.Data.Common.DbException ? warehouse.DescribeError(e) : e.Message.Split('\n')[0];
                results.Add(new StreamSyncResult(stream.Name, stream.TargetTable, "failed", 0, 0, 0, null, null, message, null, DateTime.UtcNow - started));
            }
        }

        return results;
    }

    private IEnumerable<ReplicationStream> Select(SyncRequest request)
    {
        if (request.Streams.Count == 0)
        {
            return settings.Streams;
        }

        return request.Streams.Select(name => settings.Find(name)
            ?? throw new ReplicationException($"no stream '{name}' (streams: {string.Join(", ", settings.Streams.Select(s => s.Name))})"));
    }

    private static void Validate(SyncRequest request)
    {
        if (request.Mode == SyncMode.Full && request.Since is not null)
        {
            throw new ReplicationException("--since goes with --mode=delta; a full run re-reads everything, or its --lookback window");
        }

        if (request.Mode == SyncMode.Delta && request.Lookback is not null)
        {
            throw new ReplicationException("--lookback goes with --mode=full; for a delta run, re-read from a time with --since");
        }

        if (request.Lookback is { } lookback && lookback <= TimeSpan.Zero)
        {
            throw new ReplicationException($"--lookback must be positive, not {lookback}");
        }
    }
}
