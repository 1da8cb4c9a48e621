using Logbook.Soc2.Api;

namespace Logbook.Soc2.Access;

/// <summary>
/// The documented rules behind <c>compliance_status</c> and <c>access_level</c> (docs/soc2-connector.md), first
/// match wins:
/// <list type="number">
/// <item><c>INACTIVE</c>: the user is suspended (<c>active = false</c>) yet the grant is still there.</item>
/// <item><c>PENDING_INVITE</c>: never logged in and the invitation not accepted (<c>invited</c> true or <c>verified</c> false).</item>
/// <item><c>STALE</c>: no login within <see cref="StaleAfter"/> (default 90 days), or never logged in.</item>
/// <item><c>PRIVILEGED</c>: the grant's role is privileged (default: Account Administrator).</item>
/// <item><c>UNKNOWN_USER</c>: a membership names a user the users list does not have.</item>
/// <item><c>ACTIVE</c>: otherwise.</item>
/// </list>
/// </summary>
public sealed record ComplianceRules
{
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromDays(90);

    public IReadOnlySet<string> PrivilegedRoles { get; init; } = new HashSet<string>(["Account Administrator"], StringComparer.OrdinalIgnoreCase);

    public bool IsPrivileged(string role) => PrivilegedRoles.Contains(role);

    public string StatusOf(ApiUser? user, bool privileged, DateTime auditTime)
    {
        if (user is null)
        {
            return "UNKNOWN_USER";
        }

        if (user.Active == false)
        {
            return "INACTIVE";
        }

        if (user.LoggedInAt is null && (user.Invited == true || user.Verified == false))
        {
            return "PENDING_INVITE";
        }

        if (user.LoggedInAt is not { } login || auditTime - login.UtcDateTime > StaleAfter)
        {
            return "STALE";
        }

        return privileged ? "PRIVILEGED" : "ACTIVE";
    }

    /// <summary>
    /// ADMIN (administrators, <c>Manage ...</c> roles, team managers), READ (reviewers, analysts, viewers), BILLING,
    /// MEMBER (team members), CUSTOM (anything else, e.g. custom roles).
    /// </summary>
    public static string AccessLevelOf(string role)
    {
        bool Has(string word) => role.Contains(word, StringComparison.OrdinalIgnoreCase);
        if (Has("Administrator") || role.StartsWith("Manage", StringComparison.OrdinalIgnoreCase) || Has("Team Manager"))
        {
            return "ADMIN";
        }

        if (Has("Reviewer") || Has("Analyst") || Has("Viewer") || Has("Read"))
        {
            return "READ";
        }

        if (Has("Billing"))
        {
            return "BILLING";
        }

        return Has("Member") ? "MEMBER" : "CUSTOM";
    }
}
