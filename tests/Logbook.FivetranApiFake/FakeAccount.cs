using System.Globalization;
using System.Text.Json.Nodes;

namespace Logbook.FivetranApiFake;

/// <summary>
/// A generated Fivetran account, shaped like the API's fixtures (docs/soc2-connector.md): users (some suspended,
/// some never logged in, some without an account role, nulls in <c>phone</c>/<c>picture</c>, extra unknown
/// fields), teams with account roles, groups, connections (with a <c>config</c> holding a secret the connector
/// must never store), and memberships of users and teams in groups, connections and teams. Deterministic per seed.
/// Mutable, so tests can change access between two runs.
/// </summary>
public sealed class FakeAccount
{
    public const string ConfigSecret = "s3cr3t-config-password-do-not-log";

    public string AccountId { get; init; } = "account_fake";
    public string AccountName { get; init; } = "Fake Inc.";
    public List<JsonObject> Users { get; } = [];
    public List<JsonObject> Teams { get; } = [];
    public List<JsonObject> Roles { get; } = [];
    public List<JsonObject> Groups { get; } = [];
    public List<JsonObject> Connections { get; } = [];

    /// <summary>user id → memberships (<c>id</c> = group id, <c>role</c>, <c>created_at</c>).</summary>
    public Dictionary<string, List<JsonObject>> UserGroups { get; } = [];
    public Dictionary<string, List<JsonObject>> UserConnections { get; } = [];

    /// <summary>team id → memberships; team users carry <c>user_id</c>.</summary>
    public Dictionary<string, List<JsonObject>> TeamUsers { get; } = [];
    public Dictionary<string, List<JsonObject>> TeamGroups { get; } = [];
    public Dictionary<string, List<JsonObject>> TeamConnections { get; } = [];

    public static FakeAccount Generate(int users, int teams, int groups = 4, int connectionsPerGroup = 3, int seed = 1, DateTimeOffset? now = null)
    {
        var random = new Random(seed);
        var clock = now ?? new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var account = new FakeAccount();
        string[] accountRoles = ["Account Administrator", "Account Reviewer", "Account Analyst", "Account Billing"];
        string[] groupRoles = ["Destination Administrator", "Destination Reviewer", "Manage Destination"];
        string[] connectionRoles = ["Connector Administrator", "Connection Reviewer", "Manage Connection"];
        foreach (var (name, scope) in accountRoles.Select(r => (r, "ACCOUNT")).Concat(groupRoles.Select(r => (r, "DESTINATION"))).Concat(connectionRoles.Select(r => (r, "CONNECTOR"))).Concat(new[] { ("Team Member", "TEAM"), ("Team Manager", "TEAM") }))
        {
            account.Roles.Add(new JsonObject
            {
                ["name"] = name,
                ["description"] = $"{name}: can {(name.Contains("Administrator", StringComparison.Ordinal) || name.StartsWith("Manage", StringComparison.Ordinal) ? "view and change" : "view")} what the role covers.",
                ["is_custom"] = false,
                ["scope"] = new JsonArray(scope),
                ["is_deprecated"] = name == "Connector Administrator" ? true : null,
                ["replacement_role_name"] = name == "Connector Administrator" ? "Manage Connection" : null,
            });
        }

        for (var g = 0; g < groups; g++)
        {
            var groupId = $"group_{g:D3}";
            account.Groups.Add(new JsonObject { ["id"] = groupId, ["name"] = $"Destination {g}", ["created_at"] = Time(clock.AddDays(-400 + g)) });
            for (var c = 0; c < connectionsPerGroup; c++)
            {
                account.Connections.Add(new JsonObject
                {
                    ["id"] = $"conn_{g:D3}_{c:D2}",
                    ["group_id"] = groupId,
                    ["service"] = c % 2 == 0 ? "salesforce" : "postgres",
                    ["service_version"] = 1,
                    ["schema"] = $"schema_{g}_{c}",
                    ["connected_by"] = "user_00000",
                    ["paused"] = c == 2,
                    ["created_at"] = Time(clock.AddDays(-300 + c)),
                    ["sync_frequency"] = 60,
                    ["status"] = new JsonObject { ["setup_state"] = "connected", ["sync_state"] = "scheduled", ["update_state"] = "on_schedule", ["is_historical_sync"] = false },
                    ["config"] = new JsonObject { ["host"] = "db.internal", ["user"] = "loader", ["password"] = ConfigSecret },
                    ["schedule"] = new JsonObject { ["schedule_type"] = "interval", ["interval"] = 60 },
                });
            }
        }

        for (var u = 0; u < users; u++)
        {
            var id = $"user_{u:D5}";
            var kind = u % 10;
            // 0: admin; 7: suspended; 8: pending invite; 9: stale; 3: no account role; others: active.
            var role = kind switch { 0 => "Account Administrator", 3 => null, _ => accountRoles[1 + (u % 3)] };
            DateTimeOffset? login = kind switch { 8 => null, 9 => clock.AddDays(-200), _ => clock.AddDays(-(u % 30)).AddMinutes(-u) };
            account.Users.Add(new JsonObject
            {
                ["id"] = id,
                ["email"] = $"{id}@example.com",
                ["given_name"] = $"Given{u}",
                ["family_name"] = $"Family{u}",
                ["verified"] = kind != 8,
                ["invited"] = kind == 8,
                ["picture"] = null,
                ["phone"] = u % 4 == 0 ? "+1 555 0100" : null,
                ["role"] = role,
                ["logged_in_at"] = login is { } l ? TimeVarying(l, u) : null,
                ["created_at"] = Time(clock.AddDays(-500 + (u % 100))),
                ["active"] = kind != 7,
                ["user_type"] = "REGULAR_USER",
                ["a_field_from_a_later_api_version"] = new JsonObject { ["nested"] = new JsonArray(1, 2) },
            });
            var memberships = new List<JsonObject>();
            if (u % 2 == 0)
            {
                memberships.Add(Membership($"group_{random.Next(groups):D3}", groupRoles[random.Next(groupRoles.Length)], clock.AddDays(-random.Next(300))));
            }

            account.UserGroups[id] = Distinct(memberships);
            var connections = new List<JsonObject>();
            if (u % 3 == 0)
            {
                var group = random.Next(groups);
                connections.Add(Membership($"conn_{group:D3}_{random.Next(connectionsPerGroup):D2}", connectionRoles[random.Next(connectionRoles.Length)], clock.AddDays(-random.Next(300))));
            }

            account.UserConnections[id] = Distinct(connections);
        }

        for (var t = 0; t < teams; t++)
        {
            var id = $"team_{t:D4}";
            account.Teams.Add(new JsonObject { ["id"] = id, ["name"] = $"Team {t}", ["description"] = $"Team {t} description", ["role"] = t % 3 == 0 ? "Account Reviewer" : t % 3 == 1 ? "Account Analyst" : null });
            var members = new List<JsonObject>();
            var size = users == 0 ? 0 : Math.Min(users, 3 + random.Next(8));
            foreach (var u in Enumerable.Range(0, size).Select(_ => random.Next(users)).Distinct())
            {
                var member = new JsonObject { ["user_id"] = $"user_{u:D5}", ["role"] = u % 5 == 0 ? "Team Manager" : "Team Member" };
                if (u % 4 != 1)
                {
                    member["created_at"] = Time(clock.AddDays(-random.Next(200)));
                }

                members.Add(member);
            }

            account.TeamUsers[id] = members;
            account.TeamGroups[id] = t % 2 == 0 ? [Membership($"group_{random.Next(groups):D3}", groupRoles[random.Next(groupRoles.Length)], clock.AddDays(-random.Next(300)))] : [];
            account.TeamConnections[id] = t % 3 == 0 ? [Membership($"conn_{random.Next(groups):D3}_{random.Next(connectionsPerGroup):D2}", connectionRoles[random.Next(connectionRoles.Length)], clock.AddDays(-random.Next(300)))] : [];
        }

        return account;
    }

    public static JsonObject Membership(string id, string role, DateTimeOffset createdAt) =>
        new() { ["id"] = id, ["role"] = role, ["created_at"] = Time(createdAt) };

    /// <summary>ISO-8601 UTC with 6 fraction digits, as most of the API's timestamps.</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The API's fraction digits vary (0, 3 and 6 are all seen).</summary>
    private static string TimeVarying(DateTimeOffset value, int salt) => (salt % 3) switch
    {
        0 => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        1 => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        _ => Time(value),
    };

    private static List<JsonObject> Distinct(List<JsonObject> memberships) =>
        memberships.GroupBy(m => (string)m["id"]!).Select(g => g.First()).ToList();
}
