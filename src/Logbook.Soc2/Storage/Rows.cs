using Logbook.Soc2.Access;
using Logbook.Soc2.Api;

namespace Logbook.Soc2.Storage;

/// <summary>Entities as rows of their tables, in the column order of <see cref="Soc2Tables"/>.</summary>
internal static class Rows
{
    public static object?[] Grant(AccessGrant g, string runId) =>
    [
        g.AccessRecordId, g.UserId, g.UserEmail, g.UserName, g.TeamId, g.TeamName, g.GroupId, g.GroupName, g.RoleId, g.RoleName,
        g.ConnectionId, g.ConnectionName, g.AccessLevel, g.Permissions, g.LastAccessed, g.ComplianceStatus, g.AuditTimestamp,
        g.GrantType, g.GrantedVia, g.IsPrivileged, g.RoleScope, g.GrantedAt, g.UserActive, runId,
    ];

    public static object?[] User(ApiUser u, string runId) =>
        [u.Id, u.Email, u.GivenName, u.FamilyName, u.Role, u.Active, u.Verified, u.Invited, u.LoggedInAt?.UtcDateTime, u.CreatedAt?.UtcDateTime, u.UserType, runId];

    public static object?[] Role(ApiRole r, string runId) =>
        [r.Name, r.Description, r.Scope is null ? null : string.Join(',', r.Scope), r.IsCustom, r.IsDeprecated, r.ReplacementRoleName, runId];

    public static object?[] Connection(ApiConnection c, string runId) =>
        [c.Id, c.GroupId, c.Service, c.Schema, c.ConnectedBy, c.Paused, c.CreatedAt?.UtcDateTime, runId];

    public static object?[] Membership(Membership m, string runId) =>
        [m.PrincipalType.ToString().ToUpperInvariant(), m.PrincipalId, m.ResourceType.ToString().ToUpperInvariant(), m.ResourceId, m.Role, m.CreatedAt?.UtcDateTime, runId];
}
