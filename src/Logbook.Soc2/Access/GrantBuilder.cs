using System.Security.Cryptography;
using System.Text;
using Logbook.Soc2.Api;

namespace Logbook.Soc2.Access;

/// <summary>
/// Turns a crawl's <see cref="AccessSnapshot"/> into one <see cref="AccessGrant"/> per grant a user holds: their
/// account role; each team's account role, team role, group and connection grants, for every member; their own
/// group and connection grants; and every connection of a granted group (access to a group implies its
/// connections). Pure: the same snapshot gives the same grants, with stable ids, so runs can be compared.
/// </summary>
public static class GrantBuilder
{
    /// <summary>The grants of <paramref name="snapshot"/>; with <paramref name="onlyListedUsers"/> (debug mode) only those of the listed users.</summary>
    public static IReadOnlyList<AccessGrant> Build(AccessSnapshot snapshot, ComplianceRules rules, DateTime auditTime, bool onlyListedUsers = false)
    {
        var users = ById(snapshot.Users, u => u.Id);
        var teams = ById(snapshot.Teams, t => t.Id);
        var groups = ById(snapshot.Groups, g => g.Id);
        var connections = ById(snapshot.Connections, c => c.Id);
        var roles = ById(snapshot.Roles, r => r.Name);
        var connectionsByGroup = snapshot.Connections.Where(c => c.Id is not null && c.GroupId is not null)
            .GroupBy(c => c.GroupId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.Id, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var grants = new Dictionary<string, AccessGrant>(StringComparer.Ordinal);

        void Add(string userId, string grantType, string? role, ApiTeam? team, string? groupId, string? connectionId, string? via, DateTimeOffset? grantedAt)
        {
            if (string.IsNullOrEmpty(role) || (onlyListedUsers && !users.ContainsKey(userId)))
            {
                return;
            }

            users.TryGetValue(userId, out var user);
            var connection = connectionId is null ? null : connections.GetValueOrDefault(connectionId);
            groupId ??= connection?.GroupId;
            var group = groupId is null ? null : groups.GetValueOrDefault(groupId);
            roles.TryGetValue(role, out var roleInfo);
            var privileged = rules.IsPrivileged(role);
            var id = RecordId(userId, grantType, team?.Id, groupId, connectionId, role);
            grants.TryAdd(id, new AccessGrant
            {
                AccessRecordId = id,
                UserId = userId,
                UserEmail = user?.Email,
                UserName = user is null ? null : NullIfEmpty(user.FullName),
                TeamId = team?.Id,
                TeamName = team?.Name,
                GroupId = groupId,
                GroupName = group?.Name,
                RoleId = role,
                RoleName = role,
                ConnectionId = connectionId,
                ConnectionName = connection?.Schema,
                AccessLevel = ComplianceRules.AccessLevelOf(role),
                Permissions = PermissionsOf(roleInfo),
                LastAccessed = user?.LoggedInAt?.UtcDateTime,
                ComplianceStatus = rules.StatusOf(user, privileged, auditTime),
                AuditTimestamp = auditTime,
                GrantType = grantType,
                GrantedVia = via,
                IsPrivileged = privileged,
                RoleScope = roleInfo?.Scope is { Count: > 0 } scope ? string.Join(',', scope) : null,
                GrantedAt = grantedAt?.UtcDateTime,
                UserActive = user?.Active,
            });
        }

        foreach (var user in snapshot.Users.Where(u => u.Id is not null))
        {
            Add(user.Id!, GrantTypes.AccountRole, user.Role, null, null, null, null, null);
        }

        var memberships = snapshot.Memberships;
        foreach (var m in memberships.Where(m => m.PrincipalType == MembershipKind.User))
        {
            switch (m.ResourceType)
            {
                case MembershipKind.Group:
                    Add(m.PrincipalId, GrantTypes.Group, m.Role, null, m.ResourceId, null, null, m.CreatedAt);
                    foreach (var connection in connectionsByGroup.GetValueOrDefault(m.ResourceId) ?? [])
                    {
                        Add(m.PrincipalId, GrantTypes.GroupConnection, m.Role, null, m.ResourceId, connection.Id, groups.GetValueOrDefault(m.ResourceId)?.Name ?? m.ResourceId, m.CreatedAt);
                    }

                    break;
                case MembershipKind.Connection:
                    Add(m.PrincipalId, GrantTypes.Connection, m.Role, null, null, m.ResourceId, null, m.CreatedAt);
                    break;
            }
        }

        // Team grants reach every member of the team.
        var teamGrants = memberships.Where(m => m.PrincipalType == MembershipKind.Team).ToLookup(m => m.PrincipalId, StringComparer.Ordinal);
        foreach (var member in memberships.Where(m => m.PrincipalType == MembershipKind.User && m.ResourceType == MembershipKind.Team))
        {
            var team = teams.GetValueOrDefault(member.ResourceId) ?? new ApiTeam(member.ResourceId, null, null, null);
            var via = team.Name ?? team.Id;
            Add(member.PrincipalId, GrantTypes.TeamMembership, member.Role, team, null, null, via, member.CreatedAt);
            Add(member.PrincipalId, GrantTypes.TeamAccountRole, team.Role, team, null, null, via, member.CreatedAt);
            foreach (var grant in teamGrants[member.ResourceId])
            {
                if (grant.ResourceType == MembershipKind.Group)
                {
                    Add(member.PrincipalId, GrantTypes.TeamGroup, grant.Role, team, grant.ResourceId, null, via, grant.CreatedAt);
                    foreach (var connection in connectionsByGroup.GetValueOrDefault(grant.ResourceId) ?? [])
                    {
                        Add(member.PrincipalId, GrantTypes.TeamGroupConnection, grant.Role, team, grant.ResourceId, connection.Id, via, grant.CreatedAt);
                    }
                }
                else if (grant.ResourceType == MembershipKind.Connection)
                {
                    Add(member.PrincipalId, GrantTypes.TeamConnection, grant.Role, team, null, grant.ResourceId, via, grant.CreatedAt);
                }
            }
        }

        return grants.Values.OrderBy(g => g.UserId, StringComparer.Ordinal).ThenBy(g => g.AccessRecordId, StringComparer.Ordinal).ToList();
    }

    /// <summary>A stable id: the same grant gets the same id in every run (a changed role is a new grant).</summary>
    public static string RecordId(string userId, string grantType, string? teamId, string? groupId, string? connectionId, string role)
    {
        var key = string.Join('\u001f', userId, grantType, teamId ?? "", groupId ?? "", connectionId ?? "", role);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }

    private static string? PermissionsOf(ApiRole? role)
    {
        if (role is null)
        {
            return null;
        }

        var text = role.Description ?? "";
        if (role.IsDeprecated == true)
        {
            text += $" (deprecated role{(role.ReplacementRoleName is { } r ? $"; replaced by {r}" : "")})";
        }

        return NullIfEmpty(text.Trim());
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static Dictionary<string, T> ById<T>(IEnumerable<T> items, Func<T, string?> key)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (key(item) is { } id)
            {
                map.TryAdd(id, item);
            }
        }

        return map;
    }
}
