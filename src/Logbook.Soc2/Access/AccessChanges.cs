namespace Logbook.Soc2.Access;

/// <summary>
/// Grants that appeared or disappeared between the published grants and a new run's (by stable record id, so a
/// changed role shows as one REVOKED and one GRANTED). The first run is the baseline and reports nothing.
/// </summary>
public static class AccessChanges
{
    public const string Granted = "GRANTED";
    public const string Revoked = "REVOKED";

    /// <summary>A grant as the previous run published it.</summary>
    public sealed record PreviousGrant(string AccessRecordId, string UserId, string? UserEmail, string GrantType, string? TeamId, string? GroupId, string? ConnectionId, string RoleName, string? ComplianceStatus, DateTime? AuditTimestamp);

    public sealed record Change(string ChangeType, string AccessRecordId, string UserId, string? UserEmail, string GrantType, string? TeamId, string? GroupId, string? ConnectionId, string RoleName, string? ComplianceStatus, DateTime? PreviousAuditTimestamp, DateTime DetectedAt, string RunId)
    {
        public object?[] ToRow() =>
            [$"{RunId}:{AccessRecordId}", DetectedAt, ChangeType, AccessRecordId, UserId, UserEmail, GrantType, TeamId, GroupId, ConnectionId, RoleName, ComplianceStatus, PreviousAuditTimestamp, RunId];
    }

    public static IReadOnlyList<Change> Between(IReadOnlyDictionary<string, PreviousGrant> previous, IReadOnlyList<AccessGrant> current, DateTime detectedAt, string runId)
    {
        if (previous.Count == 0)
        {
            return [];
        }

        var before = previous.Values.Select(p => p.AuditTimestamp).Max();
        var changes = new List<Change>();
        var now = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in current)
        {
            now.Add(g.AccessRecordId);
            if (!previous.ContainsKey(g.AccessRecordId))
            {
                changes.Add(new Change(Granted, g.AccessRecordId, g.UserId, g.UserEmail, g.GrantType, g.TeamId, g.GroupId, g.ConnectionId, g.RoleName, g.ComplianceStatus, before, detectedAt, runId));
            }
        }

        foreach (var p in previous.Values.Where(p => !now.Contains(p.AccessRecordId)).OrderBy(p => p.UserId, StringComparer.Ordinal).ThenBy(p => p.AccessRecordId, StringComparer.Ordinal))
        {
            changes.Add(new Change(Revoked, p.AccessRecordId, p.UserId, p.UserEmail, p.GrantType, p.TeamId, p.GroupId, p.ConnectionId, p.RoleName, p.ComplianceStatus, p.AuditTimestamp, detectedAt, runId));
        }

        return changes;
    }
}
