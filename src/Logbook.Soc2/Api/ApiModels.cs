using System.Text.Json.Serialization;

namespace Logbook.Soc2.Api;

// The Fivetran REST API's shapes, read leniently: every field nullable (the spec's "required" is no promise of
// non-null), unknown fields ignored, snake_case names. Timestamps are DateTimeOffset (any fraction digits).

/// <summary><c>GET /v1/account/info</c>: which account, and whether the key is a user's or a system key.</summary>
public sealed record AccountInfo(
    [property: JsonPropertyName("account_id")] string? AccountId,
    [property: JsonPropertyName("account_name")] string? AccountName,
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("system_key_id")] string? SystemKeyId);

/// <summary>A user (<c>UserResponse</c>); <see cref="Role"/> is the account-level role or null.</summary>
public sealed record ApiUser(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("given_name")] string? GivenName,
    [property: JsonPropertyName("family_name")] string? FamilyName,
    [property: JsonPropertyName("verified")] bool? Verified,
    [property: JsonPropertyName("invited")] bool? Invited,
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("active")] bool? Active,
    [property: JsonPropertyName("logged_in_at")] DateTimeOffset? LoggedInAt,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("user_type")] string? UserType)
{
    public string FullName => string.Join(' ', new[] { GivenName, FamilyName }.Where(part => !string.IsNullOrWhiteSpace(part)));
}

/// <summary>A team (<c>TeamResponse</c>); <see cref="Role"/> is the team's account-level role.</summary>
public sealed record ApiTeam(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("role")] string? Role);

/// <summary>A role (<c>RoleResponse</c>). Fivetran has no role ids: the name is what every <c>role</c> field holds.</summary>
public sealed record ApiRole(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("scope")] IReadOnlyList<string>? Scope,
    [property: JsonPropertyName("is_custom")] bool? IsCustom,
    [property: JsonPropertyName("is_deprecated")] bool? IsDeprecated,
    [property: JsonPropertyName("replacement_role_name")] string? ReplacementRoleName);

/// <summary>A group (a destination's workspace; group id = destination id).</summary>
public sealed record ApiGroup(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt);

/// <summary>A connection; its name is <see cref="Schema"/> (there is no name field). <c>config</c> is never read.</summary>
public sealed record ApiConnection(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("group_id")] string? GroupId,
    [property: JsonPropertyName("service")] string? Service,
    [property: JsonPropertyName("schema")] string? Schema,
    [property: JsonPropertyName("connected_by")] string? ConnectedBy,
    [property: JsonPropertyName("paused")] bool? Paused,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt);

/// <summary>
/// A membership of a user or team in a group or connection (<c>MembershipResponse</c>): <see cref="Id"/> is the
/// group's or connection's id. For a user in a team (<c>TeamMembershipResponse</c>) the id is <see cref="UserId"/>.
/// <see cref="CreatedAt"/> may be missing.
/// </summary>
public sealed record ApiMembership(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt);

/// <summary>The envelope every answer comes in: <c>{"code", "message", "data"}</c>.</summary>
internal sealed record Envelope<T>(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("data")] T? Data);

/// <summary>A page of a collection: <c>data.items</c> and <c>data.next_cursor</c> (missing, null or empty at the end).</summary>
internal sealed record Page<T>(
    [property: JsonPropertyName("items")] IReadOnlyList<T>? Items,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);
