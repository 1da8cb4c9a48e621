namespace Logbook.Soc2.Access;

/// <summary>How a user came to hold a grant (<c>grant_type</c> in <c>soc2_access_control</c>).</summary>
public static class GrantTypes
{
    /// <summary>The user's own account-level role.</summary>
    public const string AccountRole = "ACCOUNT_ROLE";

    /// <summary>The account-level role of a team the user is in.</summary>
    public const string TeamAccountRole = "TEAM_ACCOUNT_ROLE";

    /// <summary>Membership of a team (Team Member / Team Manager).</summary>
    public const string TeamMembership = "TEAM_MEMBERSHIP";

    /// <summary>A direct grant on a group (destination).</summary>
    public const string Group = "GROUP";

    /// <summary>A connection reached through a direct group grant.</summary>
    public const string GroupConnection = "GROUP_CONNECTION";

    /// <summary>A direct grant on a connection.</summary>
    public const string Connection = "CONNECTION";

    /// <summary>A group grant held by a team the user is in.</summary>
    public const string TeamGroup = "TEAM_GROUP";

    /// <summary>A connection reached through a team's group grant.</summary>
    public const string TeamGroupConnection = "TEAM_GROUP_CONNECTION";

    /// <summary>A connection grant held by a team the user is in.</summary>
    public const string TeamConnection = "TEAM_CONNECTION";
}

/// <summary>
/// One row of <c>soc2_access_control</c>: one grant a user holds, direct or inherited. The seed's columns first
/// (<see cref="RoleId"/> is the role's name: Fivetran has no role ids), then how the grant came about.
/// </summary>
public sealed record AccessGrant
{
    public required string AccessRecordId { get; init; }
    public required string UserId { get; init; }
    public string? UserEmail { get; init; }
    public string? UserName { get; init; }
    public string? TeamId { get; init; }
    public string? TeamName { get; init; }
    public string? GroupId { get; init; }
    public string? GroupName { get; init; }
    public required string RoleId { get; init; }
    public required string RoleName { get; init; }
    public string? ConnectionId { get; init; }
    public string? ConnectionName { get; init; }
    public required string AccessLevel { get; init; }
    public string? Permissions { get; init; }
    public DateTime? LastAccessed { get; init; }
    public required string ComplianceStatus { get; init; }
    public required DateTime AuditTimestamp { get; init; }
    public required string GrantType { get; init; }

    /// <summary>What the grant is inherited through (the group or team's name), null for direct grants.</summary>
    public string? GrantedVia { get; init; }
    public bool IsPrivileged { get; init; }
    public string? RoleScope { get; init; }

    /// <summary>When the membership behind the grant was created, where the API says.</summary>
    public DateTime? GrantedAt { get; init; }
    public bool? UserActive { get; init; }
}
