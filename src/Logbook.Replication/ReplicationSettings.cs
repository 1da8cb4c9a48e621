using Logbook.Core.Replication;

namespace Logbook.Replication;

/// <summary>What a sync replicates and how: the streams, where they land, and the read's pacing.</summary>
public sealed record ReplicationSettings
{
    /// <summary>The warehouse schema of the target, state and run-history tables (the seed's <c>analytics</c> dataset).</summary>
    public string Schema { get; init; } = "analytics";

    /// <summary>Rows per page read and per warehouse transaction (the seed's 10,000).</summary>
    public int BatchSize { get; init; } = 10_000;

    /// <summary>
    /// How far behind the source's clock a read stops, besides the oldest open transaction: covers rows whose
    /// <c>created_at</c> the application set from its own clock, and the instant between a transaction taking its
    /// time and appearing in <c>pg_stat_activity</c>.
    /// </summary>
    public TimeSpan SafetyLag { get; init; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<ReplicationStream> Streams { get; init; } = [];

    /// <summary>The stream called <paramref name="name"/> (by stream name, source table or target table).</summary>
    public ReplicationStream? Find(string name) =>
        Streams.FirstOrDefault(s => s.Name == name) ?? Streams.FirstOrDefault(s => s.SourceTable == name || s.TargetTable == name);
}

/// <summary>How a run reads.</summary>
public enum SyncMode
{
    /// <summary>From the stored mark (or <see cref="SyncRequest.Since"/>) up to the source's safe bound.</summary>
    Delta,

    /// <summary>Everything again: into a staging table swapped in with the new mark; with a look-back, that window re-read and reconciled.</summary>
    Full,
}

/// <summary>One run's options, as <c>logbook sync ai-audit-logs --mode=... --since=... --lookback=... --stream=...</c>.</summary>
public sealed record SyncRequest
{
    public SyncMode Mode { get; init; } = SyncMode.Delta;

    /// <summary>Delta only: re-read from this time (UTC) as well; the stored mark never moves back.</summary>
    public DateTime? Since { get; init; }

    /// <summary>Full only: re-read this window before the mark, upserting and deleting rows gone from the source, instead of reloading everything.</summary>
    public TimeSpan? Lookback { get; init; }

    /// <summary>Only these streams (names, source or target tables); empty: all.</summary>
    public IReadOnlyList<string> Streams { get; init; } = [];
}
