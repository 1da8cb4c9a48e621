using System.Text.Json.Nodes;
using Logbook.FivetranApiFake;

namespace Logbook.Soc2.Tests;

/// <summary>A grant as the tests compare it: who, how, on what, with which role.</summary>
internal sealed record GrantKey(string UserId, string GrantType, string? TeamId, string? GroupId, string? ConnectionId, string Role);

/// <summary>
/// The grants a generated account holds, derived straight from the fake's JSON (not through the connector's
/// code), following the documented grant model of docs/soc2-connector.md.
/// </summary>
internal static class AccessOracle
{
    public static HashSet<GrantKey> Grants(FakeAccount account, ISet<string>? onlyUsers = null)
    {
        var groupOf = account.Connections.ToDictionary(c => (string)c["id"]!, c => (string)c["group_id"]!);
        var connectionsOf = account.Connections.GroupBy(c => (string)c["group_id"]!).ToDictionary(g => g.Key, g => g.Select(c => (string)c["id"]!).ToList());
        var grants = new HashSet<GrantKey>();
        void Add(GrantKey key)
        {
            if (onlyUsers is null || onlyUsers.Contains(key.UserId))
            {
                grants.Add(key);
            }
        }

        foreach (var user in account.Users)
        {
            var id = (string)user["id"]!;
            if ((string?)user["role"] is { } role)
            {
                Add(new GrantKey(id, "ACCOUNT_ROLE", null, null, null, role));
            }

            foreach (var m in account.UserGroups[id])
            {
                var group = (string)m["id"]!;
                Add(new GrantKey(id, "GROUP", null, group, null, (string)m["role"]!));
                foreach (var connection in connectionsOf.GetValueOrDefault(group) ?? [])
                {
                    Add(new GrantKey(id, "GROUP_CONNECTION", null, group, connection, (string)m["role"]!));
                }
            }

            foreach (var m in account.UserConnections[id])
            {
                Add(new GrantKey(id, "CONNECTION", null, groupOf[(string)m["id"]!], (string)m["id"]!, (string)m["role"]!));
            }
        }

        foreach (var team in account.Teams)
        {
            var teamId = (string)team["id"]!;
            foreach (var member in account.TeamUsers[teamId])
            {
                var user = (string)member["user_id"]!;
                Add(new GrantKey(user, "TEAM_MEMBERSHIP", teamId, null, null, (string)member["role"]!));
                if ((string?)team["role"] is { } teamRole)
                {
                    Add(new GrantKey(user, "TEAM_ACCOUNT_ROLE", teamId, null, null, teamRole));
                }

                foreach (var g in account.TeamGroups[teamId])
                {
                    var group = (string)g["id"]!;
                    Add(new GrantKey(user, "TEAM_GROUP", teamId, group, null, (string)g["role"]!));
                    foreach (var connection in connectionsOf.GetValueOrDefault(group) ?? [])
                    {
                        Add(new GrantKey(user, "TEAM_GROUP_CONNECTION", teamId, group, connection, (string)g["role"]!));
                    }
                }

                foreach (var c in account.TeamConnections[teamId])
                {
                    Add(new GrantKey(user, "TEAM_CONNECTION", teamId, groupOf[(string)c["id"]!], (string)c["id"]!, (string)c["role"]!));
                }
            }
        }

        return grants;
    }

    /// <summary>The compliance status the documented rules give a user of the generated account (see FakeAccount's kinds).</summary>
    public static string StatusOf(JsonObject user, string role, DateTime auditTime)
    {
        if ((bool?)user["active"] == false)
        {
            return "INACTIVE";
        }

        var login = user["logged_in_at"] is { } text ? DateTimeOffset.Parse((string)text!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime : (DateTime?)null;
        if (login is null && ((bool?)user["invited"] == true || (bool?)user["verified"] == false))
        {
            return "PENDING_INVITE";
        }

        if (login is null || auditTime - login.Value > TimeSpan.FromDays(90))
        {
            return "STALE";
        }

        return role == "Account Administrator" ? "PRIVILEGED" : "ACTIVE";
    }
}
