namespace Logbook.Samples.FivetranLog;

internal sealed record SampleAccount(string Id, string Name, DateTime CreatedAt);

internal sealed record SampleDestination(int Index, string Id, string Name, string Region, DateTime CreatedAt);

internal sealed record SampleUser(string Id, string GivenName, string FamilyName, string Email, string? Phone, bool EmailDisabled, bool Verified, DateTime CreatedAt);

internal sealed record SampleMembership(SampleDestination Destination, SampleUser User, string Role, DateTime JoinedAt, DateTime? ActivatedAt);

/// <summary>A dbt job of a destination, run daily or hourly.</summary>
internal sealed record SampleJob(string Id, string Name, string ProjectType, bool Hourly, int Models, SampleDestination Destination, int Minute);

/// <summary>What a connection is there to show. The first connections take the special roles, so every dataset of 8+ connections has each.</summary>
internal enum ConnectionRole
{
    Normal,

    /// <summary>Fails every sync (invalid credentials) from 30% into the window on.</summary>
    Broken,

    /// <summary>Deleted half-way through the window (<c>_fivetran_deleted</c>).</summary>
    Deleted,

    /// <summary>Paused by a user 60% into the window.</summary>
    Paused,

    /// <summary>Fails often; its first five syncs end with each status once.</summary>
    Flaky,

    /// <summary>Set up during the window: historical, priority-first sync with a count above 2^31, schema creation.</summary>
    New,

    /// <summary>An older API connection that logs one <c>api_call</c> row per call, with camelCase <c>operationType</c>.</summary>
    LegacyApiCalls,

    /// <summary>An API connection whose <c>extract_summary</c> says <c>totalQueries</c> (camelCase).</summary>
    CamelCaseSummary,

    /// <summary>A Connector SDK connection, whose own log lines fill the optional <c>connector_sdk_log</c>.</summary>
    ConnectorSdk,
}

/// <summary>A table the connection writes: its destination schema and source table.</summary>
internal sealed record ConnectionTable(int Index, string Schema, SourceTable Source);

internal sealed class SampleConnection
{
    public required int Index { get; init; }

    public required string Id { get; init; }

    public required string Name { get; init; }

    public required ConnectorType Type { get; init; }

    public required SampleDestination Destination { get; init; }

    public required SampleUser ConnectingUser { get; init; }

    public required ConnectionRole Role { get; init; }

    public required int IntervalMinutes { get; init; }

    /// <summary>Where in the interval the schedule's slots fall, in minutes.</summary>
    public required int PhaseMinutes { get; init; }

    public required DateTime SignedUp { get; init; }

    public required IReadOnlyList<ConnectionTable> Tables { get; init; }

    public required int ServiceVersion { get; init; }

    public bool Flaky { get; init; }

    /// <summary>Logs <c>api_call</c> rows (an API connection created before November 2024) instead of <c>extract_summary</c>.</summary>
    public bool ApiCallRows { get; init; }

    /// <summary>Writes <c>operationType</c> instead of <c>operation_type</c> in records_modified.</summary>
    public bool CamelCaseOperation { get; init; }

    /// <summary>Writes <c>totalQueries</c> instead of <c>total_queries</c> in extract_summary.</summary>
    public bool CamelCaseQueries { get; init; }

    /// <summary>Connector type id left null (dirt: older rows had only the display name).</summary>
    public bool NoConnectorTypeId { get; init; }

    public DateTime? PausedAt { get; init; }

    public DateTime? DeletedAt { get; init; }

    public DateTime? BrokenFrom { get; init; }

    /// <summary>True when the connection was set up inside the window (its first sync is historical).</summary>
    public bool SetUpInWindow { get; init; }

    public bool IsApi => Type.Kind == SourceKind.Api;
}

internal sealed class SampleWorld
{
    public required SampleAccount Account { get; init; }

    public required IReadOnlyList<SampleDestination> Destinations { get; init; }

    public required IReadOnlyList<SampleUser> Users { get; init; }

    public required IReadOnlyList<SampleMembership> Memberships { get; init; }

    public required IReadOnlyList<SampleConnection> Connections { get; init; }

    public required IReadOnlyList<SampleJob> Jobs { get; init; }

    /// <summary>Minutes past the hour at which the Platform Connector itself syncs (its rows' <c>_fivetran_synced</c>).</summary>
    public required int PlatformSyncMinute { get; init; }
}
