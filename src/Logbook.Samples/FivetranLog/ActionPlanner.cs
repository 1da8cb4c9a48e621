using System.Globalization;

namespace Logbook.Samples.FivetranLog;

/// <summary>
/// A dashboard or API action on a connection, as the log records it (<c>message_data</c> with an <c>actor</c>)
/// and as the optional audit trail does.
/// </summary>
internal sealed record UserAction(
    DateTime Time,
    string Event,
    SampleUser? User,
    string MessageData,
    string AuditAction,
    string? OldValues,
    string? NewValues,
    string InteractionMethod);

internal enum ActorForm
{
    Email,
    UserId,
}

/// <summary>Plans the user actions of one connection: set-up, edits, resyncs, pause and deletion.</summary>
internal static class ActionPlanner
{
    /// <summary>The system's own actor, which the package leaves out of user activity.</summary>
    public const string SystemActor = "fivetran";

    private static readonly string[] s_edits =
    [
        "{\"config\":{\"password\":\"********\"}}", "{\"schema_change_handling\":\"ALLOW_COLUMNS\"}", "{\"daily_sync_time\":\"03:00\"}",
        "{\"networking_method\":\"SshTunnel\"}", "{\"pause_after_trial\":false}", "{\"config\":{\"start_date\":\"2021-01-01\"}}",
    ];

    private static readonly string[] s_methods = ["WEB_UI", "WEB_UI", "WEB_UI", "API"];

    public static List<UserAction> Plan(FivetranLogOptions options, SampleWorld world, SampleConnection connection)
    {
        var random = SampleRandom.Derive(options.Seed, Streams.Actions, connection.Index);
        var members = world.Memberships.Where(m => m.Destination == connection.Destination).Select(m => m.User).ToList();
        if (members.Count == 0)
        {
            members = [.. world.Users];
        }

        var start = options.Start;
        var end = Earliest(options.End, connection.DeletedAt, connection.PausedAt);
        var actions = new List<UserAction>();
        var id = Json.Quote(connection.Id);
        if (connection.SetUpInWindow)
        {
            var properties = string.Create(CultureInfo.InvariantCulture,
                $"{{\"service\":\"{connection.Type.Id}\",\"schema\":\"{connection.Name}\",\"sync_frequency\":{connection.IntervalMinutes}}}");
            actions.Add(Action(random, connection.SignedUp, "create_connector", connection.ConnectingUser, id, properties, "CREATE", "{}", properties));

            // Setting up, the user hashes a column of one table (a schema change of the user's own).
            var table = random.Pick(connection.Tables);
            var hashing = $"{{\"schema\":{Json.Quote(table.Schema)},\"table\":{Json.Quote(table.Source.Name)},\"columns\":{{\"email\":{{\"hashed\":true}}}}}}";
            actions.Add(Action(random, connection.SignedUp.AddSeconds(random.Next(20, 200)), "change_schema_config", connection.ConnectingUser, id, hashing, "EDIT", "{}", hashing, ActorForm.Email));
        }

        for (var day = start; day < end; day = day.AddDays(1))
        {
            var editChance = connection.BrokenFrom is { } broken && day.AddDays(1) > broken ? 0.35 : 0.1;
            if (random.Chance(editChance))
            {
                var edit = random.Pick(s_edits);
                var fivetran = random.Chance(0.1);
                var user = fivetran ? null : random.Pick(members);
                actions.Add(Action(random, WorkingHours(random, day), "edit_connector", user, id, edit, "EDIT", "{}", edit));
            }

            if (random.Chance(0.02))
            {
                actions.Add(Action(random, WorkingHours(random, day), "resync_connector", random.Pick(members), id, null, "EDIT", "{}", "{\"full_resync\":true}"));
            }
        }

        // The special connections show each actor form at least once: an e-mail, a user id, the system.
        if (connection.BrokenFrom is { } brokenFrom)
        {
            var edit = s_edits[0];
            actions.Add(Action(random, brokenFrom.AddHours(2), "edit_connector", random.Pick(members), id, edit, "EDIT", "{}", edit, ActorForm.Email));
        }

        if (connection.Role == ConnectionRole.Flaky)
        {
            const string Upgrade = "{\"service_version\":{\"from\":3,\"to\":4}}";
            actions.Add(Action(random, start.AddHours(3), "edit_connector", null, id, Upgrade, "EDIT", "{}", Upgrade));
        }

        if (connection.PausedAt is { } pausedAt)
        {
            actions.Add(Action(random, pausedAt, "pause_connector", random.Pick(members), id, null, "EDIT", "{\"paused\":false}", "{\"paused\":true}", ActorForm.UserId));
        }

        if (connection.DeletedAt is { } deletedAt)
        {
            actions.Add(Action(random, deletedAt, "delete_connector", random.Pick(members), id, null, "DELETE", "{\"paused\":false}", "{}"));
        }

        actions.RemoveAll(a => a.Time < start || a.Time >= options.End || a.Time < connection.SignedUp);
        actions.Sort((a, b) => a.Time.CompareTo(b.Time));
        return actions;
    }

    private static UserAction Action(SampleRandom random, DateTime time, string eventName, SampleUser? user, string quotedId, string? properties, string auditAction, string? oldValues, string? newValues, ActorForm? form = null)
    {
        var actor = user is null ? SystemActor : Actor(random, user, form);
        var message = properties is null
            ? $"{{\"actor\":{Json.Quote(actor)},\"id\":{quotedId}}}"
            : $"{{\"actor\":{Json.Quote(actor)},\"id\":{quotedId},\"properties\":{properties}}}";
        var method = random.Pick(s_methods);
        return new UserAction(time, eventName, user, message, auditAction, oldValues, newValues, user is null ? "SYSTEM" : method);
    }

    /// <summary>
    /// Mostly the e-mail address; since October 2025 Fivetran writes the user id instead (a fifth of the rows);
    /// now and then the address with capitals, which only a case-insensitive join matches.
    /// </summary>
    private static string Actor(SampleRandom random, SampleUser user, ActorForm? form)
    {
        var draw = random.NextDouble();
        if (form is not null)
        {
            return form == ActorForm.UserId ? user.Id : user.Email;
        }

        if (draw < 0.2)
        {
            return user.Id;
        }

        if (draw < 0.3)
        {
            var at = user.Email.IndexOf('@', StringComparison.Ordinal);
            return string.Join('.', user.Email[..at].Split('.').Select(part => char.ToUpperInvariant(part[0]) + part[1..])) + user.Email[at..];
        }

        return user.Email;
    }

    private static DateTime WorkingHours(SampleRandom random, DateTime day) => day.AddMinutes(random.Next(8 * 60, 19 * 60)).AddSeconds(random.Next(60)).AddMilliseconds(random.Next(1000));

    private static DateTime Earliest(DateTime end, DateTime? a, DateTime? b)
    {
        var earliest = end;
        if (a is { } x && x < earliest)
        {
            earliest = x;
        }

        if (b is { } y && y < earliest)
        {
            earliest = y;
        }

        return earliest;
    }
}
