using Logbook.Soc2.Access;
using Logbook.Soc2.Api;

namespace Logbook.Soc2.Crawl;

/// <summary>Everything a connector run needs besides the warehouse and the job log.</summary>
public sealed record Soc2ConnectorOptions
{
    public required FivetranApiOptions Api { get; init; }

    /// <summary>The warehouse schema of the connector's tables.</summary>
    public string Schema { get; init; } = "soc2";

    /// <summary>Seed 002's debug mode: only the first 5 users the API lists are processed.</summary>
    public bool DebugMode { get; init; }

    public const int DebugUserLimit = 5;

    /// <summary>Users or teams processed between two checkpoints.</summary>
    public int CheckpointInterval { get; init; } = 100;

    public ComplianceRules Rules { get; init; } = new();
}

/// <summary>What a run did.</summary>
public sealed record Soc2RunResult(string RunId, bool Resumed, int Users, int Teams, int Grants, int Granted, int Revoked, int ApiCalls, string? AccountName, TimeSpan Elapsed);
