using Logbook.Soc2.Api;

namespace Logbook.Soc2.Access;

/// <summary>Everything one crawl read from the API: the entities and each principal's memberships.</summary>
public sealed record AccessSnapshot
{
    public AccountInfo? Account { get; init; }
    public IReadOnlyList<ApiUser> Users { get; init; } = [];
    public IReadOnlyList<ApiTeam> Teams { get; init; } = [];
    public IReadOnlyList<ApiRole> Roles { get; init; } = [];
    public IReadOnlyList<ApiGroup> Groups { get; init; } = [];
    public IReadOnlyList<ApiConnection> Connections { get; init; } = [];

    /// <summary>Memberships of users and teams in groups, connections and (users only) teams.</summary>
    public IReadOnlyList<Membership> Memberships { get; init; } = [];
}

/// <summary>The kind of principal or resource of a <see cref="Membership"/>.</summary>
public enum MembershipKind
{
    User,
    Team,
    Group,
    Connection,
}

/// <summary>A principal (user or team) holding <see cref="Role"/> on a resource (group, connection or team).</summary>
public sealed record Membership(MembershipKind PrincipalType, string PrincipalId, MembershipKind ResourceType, string ResourceId, string? Role, DateTimeOffset? CreatedAt);
