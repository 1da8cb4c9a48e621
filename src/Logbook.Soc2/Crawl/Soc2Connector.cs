using System.Diagnostics;
using System.Text.Json;
using Logbook.Core.Runs;
using Logbook.Core.Warehouses;
using Logbook.Soc2.Access;
using Logbook.Soc2.Api;
using Logbook.Soc2.Storage;

namespace Logbook.Soc2.Crawl;

/// <summary>
/// One run of the SOC2 access connector, as one job of the run audit log:
/// <list type="number">
/// <item>lists: account info, roles, users, groups, connections, teams (committed with a checkpoint);</item>
/// <item>users: each user's group and connection memberships, a checkpoint every <see cref="Soc2ConnectorOptions.CheckpointInterval"/> users;</item>
/// <item>teams: each team's users, groups and connections, likewise;</item>
/// <item>publish: the entity tables, <c>soc2_access_control</c> and <c>soc2_access_changes</c> replaced in one transaction.</item>
/// </list>
/// A run that dies (kill, crash, cancellation) leaves its checkpoint; the next run resumes after the last committed
/// chunk, re-reading at most one chunk, and nothing reaches the output tables until the publish commits.
/// </summary>
public sealed class Soc2Connector(IWarehouse warehouse, IJobLog jobLog, Soc2ConnectorOptions options, HttpMessageHandler? handler = null)
{
    public const string JobName = "soc2_access_connector";

    private const string PhaseUsers = "users";
    private const string PhaseTeams = "teams";
    private const string PhasePublish = "publish";

    private readonly Soc2Store _store = new(warehouse, options.Schema);

    public async Task<Soc2RunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var log = new ApiLogBuffer();
        jobLog.JobStarted(JobName, AuditJobType.Connector, options.DebugMode ? "debug mode: first 5 users" : null);
        try
        {
            _store.EnsureTables();
            using var client = new FivetranApiClient(options.Api, log, handler);
            var checkpoint = _store.ReadCheckpoint();
            var resumed = checkpoint is not null;
            if (checkpoint is null)
            {
                checkpoint = await ReadListsAsync(client, log, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                jobLog.Step(JobName, "resume", message: $"resuming run {checkpoint.RunId} at {checkpoint.Phase} {checkpoint.Position}");
            }

            var items = _store.ReadItems(checkpoint.RunId);
            var users = Entities<ApiUser>(items, "user");
            var teams = Entities<ApiTeam>(items, "team");

            if (checkpoint.Phase == PhaseUsers)
            {
                await CrawlAsync(checkpoint, users, u => u.Id, PhaseUsers, PhaseTeams, async (user, ct) =>
                {
                    var groups = ListOrEmptyAsync(client.ListUserGroupsAsync(user, ct));
                    var connections = ListOrEmptyAsync(client.ListUserConnectionsAsync(user, ct));
                    return [
                        .. (await groups.ConfigureAwait(false)).Select(m => new Membership(MembershipKind.User, user, MembershipKind.Group, m.Id ?? "", m.Role, m.CreatedAt)),
                        .. (await connections.ConfigureAwait(false)).Select(m => new Membership(MembershipKind.User, user, MembershipKind.Connection, m.Id ?? "", m.Role, m.CreatedAt)),
                    ];
                }, log, cancellationToken).ConfigureAwait(false);
                checkpoint = checkpoint with { Phase = PhaseTeams, Position = 0 };
            }

            if (checkpoint.Phase == PhaseTeams)
            {
                await CrawlAsync(checkpoint, teams, t => t.Id, PhaseTeams, PhasePublish, async (team, ct) =>
                {
                    var members = ListOrEmptyAsync(client.ListTeamUsersAsync(team, ct));
                    var groups = ListOrEmptyAsync(client.ListTeamGroupsAsync(team, ct));
                    var connections = ListOrEmptyAsync(client.ListTeamConnectionsAsync(team, ct));
                    return [
                        .. (await members.ConfigureAwait(false)).Select(m => new Membership(MembershipKind.User, m.UserId ?? "", MembershipKind.Team, team, m.Role, m.CreatedAt)),
                        .. (await groups.ConfigureAwait(false)).Select(m => new Membership(MembershipKind.Team, team, MembershipKind.Group, m.Id ?? "", m.Role, m.CreatedAt)),
                        .. (await connections.ConfigureAwait(false)).Select(m => new Membership(MembershipKind.Team, team, MembershipKind.Connection, m.Id ?? "", m.Role, m.CreatedAt)),
                    ];
                }, log, cancellationToken).ConfigureAwait(false);
            }

            var result = Publish(checkpoint, resumed, log, clock);
            jobLog.JobEnded(JobName, AuditStatus.Completed, result.Grants,
                customMessage: $"{result.Users} users, {result.Teams} teams, {result.Grants} grants ({result.Granted} granted, {result.Revoked} revoked), {result.ApiCalls} API calls");
            return result;
        }
        catch (Exception e)
        {
            SaveLogsAfterFailure(log);
            jobLog.JobEnded(JobName, AuditStatus.Failed, error: e is OperationCanceledException ? "cancelled" : e.Message);
            throw;
        }
    }

    private async Task<Checkpoint> ReadListsAsync(FivetranApiClient client, ApiLogBuffer log, CancellationToken ct)
    {
        var account = await client.GetAccountInfoAsync(ct).ConfigureAwait(false);
        var roles = await client.ListRolesAsync(ct).ConfigureAwait(false);
        var users = await client.ListUsersAsync(ct).ConfigureAwait(false);
        if (options.DebugMode)
        {
            users = users.Take(Soc2ConnectorOptions.DebugUserLimit).ToList();
        }

        var groups = await client.ListGroupsAsync(ct).ConfigureAwait(false);
        var connections = await client.ListConnectionsAsync(ct).ConfigureAwait(false);
        var teams = await client.ListTeamsAsync(ct).ConfigureAwait(false);
        var checkpoint = new Checkpoint(Guid.NewGuid().ToString("N"), PhaseUsers, 0, DateTime.UtcNow);
        _store.InTransaction(w =>
        {
            w.Append(Soc2Tables.CrawlItems, [
                Item(checkpoint.RunId, "account", 0, account?.AccountId, null, account),
                .. roles.Select((r, i) => Item(checkpoint.RunId, "role", i, r.Name, null, r)),
                .. users.Select((u, i) => Item(checkpoint.RunId, "user", i, u.Id, null, u)),
                .. groups.Select((g, i) => Item(checkpoint.RunId, "group", i, g.Id, null, g)),
                .. connections.Select((c, i) => Item(checkpoint.RunId, "connection", i, c.Id, c.GroupId, c)),
                .. teams.Select((t, i) => Item(checkpoint.RunId, "team", i, t.Id, null, t)),
            ]);
            w.SetCheckpoint(checkpoint.RunId, checkpoint.Phase, 0, checkpoint.StartedAt);
            w.Append(Soc2Tables.ApiLogs, log.Drain(jobLog.InvocationId));
        });
        jobLog.Step(JobName, "lists", message: $"{users.Count} users, {teams.Count} teams, {roles.Count} roles, {groups.Count} groups, {connections.Count} connections");
        return checkpoint;
    }

    /// <summary>
    /// Reads each principal's memberships, <see cref="Soc2ConnectorOptions.CheckpointInterval"/> at a time (calls in
    /// parallel up to the client's bound), committing each chunk's memberships with the checkpoint after it.
    /// </summary>
    private async Task CrawlAsync<T>(
        Checkpoint checkpoint, IReadOnlyList<T> principals, Func<T, string?> idOf, string phase, string nextPhase,
        Func<string, CancellationToken, Task<List<Membership>>> read, ApiLogBuffer log, CancellationToken ct)
    {
        var interval = Math.Max(1, options.CheckpointInterval);
        var position = checkpoint.Position;
        var ids = principals.Select(idOf).Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).ToList();
        // A chunk's commit runs while the next chunk is read (commits stay in order: one is awaited before the next
        // starts), so the API calls never wait for the warehouse. A kill loses at most the chunk being read.
        Task? committing = null;
        while (position < ids.Count)
        {
            var chunk = ids.Skip((int)position).Take(interval).ToList();
            var results = new List<Membership>[chunk.Count];
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, chunk.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Api.MaxConcurrency), CancellationToken = ct },
                    async (i, token) => results[i] = await read(chunk[i], token).ConfigureAwait(false)).ConfigureAwait(false);
            }
            catch
            {
                // The previous chunk's commit finishes (or fails) before the failure goes up: its checkpoint is kept.
                if (committing is not null)
                {
                    await Task.WhenAny(committing).ConfigureAwait(false);
                }

                throw;
            }

            var start = position;
            position += chunk.Count;
            var done = position >= ids.Count;
            var reached = position;
            if (committing is not null)
            {
                await committing.ConfigureAwait(false);
            }

            committing = Task.Run(() =>
            {
                _store.InTransaction(w =>
                {
                    w.Append(Soc2Tables.CrawlItems, results.SelectMany(list => list).Select((m, i) => Item(checkpoint.RunId, "membership", (start * 100_000) + i, m.PrincipalId, m.ResourceId, m)));
                    w.SetCheckpoint(checkpoint.RunId, done ? nextPhase : phase, done ? 0 : reached, checkpoint.StartedAt);
                    w.Append(Soc2Tables.ApiLogs, log.Drain(jobLog.InvocationId));
                });
                jobLog.Step(JobName, phase, message: $"{reached}/{ids.Count} {phase} read");
            }, CancellationToken.None);
        }

        if (committing is not null)
        {
            await committing.ConfigureAwait(false);
        }

        if (ids.Count == 0)
        {
            _store.InTransaction(w => w.SetCheckpoint(checkpoint.RunId, nextPhase, 0, checkpoint.StartedAt));
        }
    }

    private Soc2RunResult Publish(Checkpoint checkpoint, bool resumed, ApiLogBuffer log, Stopwatch clock)
    {
        var items = _store.ReadItems(checkpoint.RunId);
        var snapshot = new AccessSnapshot
        {
            Account = Entities<AccountInfo>(items, "account").FirstOrDefault(),
            Users = Entities<ApiUser>(items, "user"),
            Teams = Entities<ApiTeam>(items, "team"),
            Roles = Entities<ApiRole>(items, "role"),
            Groups = Entities<ApiGroup>(items, "group"),
            Connections = Entities<ApiConnection>(items, "connection"),
            Memberships = Entities<Membership>(items, "membership").Distinct().ToList(),
        };
        var auditTime = checkpoint.StartedAt;
        var grants = GrantBuilder.Build(snapshot, options.Rules, auditTime, onlyListedUsers: options.DebugMode);
        var runId = checkpoint.RunId;
        int granted = 0, revoked = 0;
        _store.InTransaction(w =>
        {
            // Debug runs see 5 users: comparing them with a full run would report everyone else as revoked.
            if (!options.DebugMode)
            {
                var changes = AccessChanges.Between(ReadCurrentGrants(w), grants, auditTime, runId);
                granted = changes.Count(c => c.ChangeType == AccessChanges.Granted);
                revoked = changes.Count - granted;
                w.Append(Soc2Tables.AccessChanges, changes.Select(c => c.ToRow()));
            }

            w.Replace(Soc2Tables.AccessControl, grants.Select(g => Rows.Grant(g, runId)));
            w.Replace(Soc2Tables.Users, snapshot.Users.Select(u => Rows.User(u, runId)));
            w.Replace(Soc2Tables.Teams, snapshot.Teams.Select(t => new object?[] { t.Id, t.Name, t.Description, t.Role, runId }));
            w.Replace(Soc2Tables.Roles, snapshot.Roles.Select(r => Rows.Role(r, runId)));
            w.Replace(Soc2Tables.Groups, snapshot.Groups.Select(g => new object?[] { g.Id, g.Name, g.CreatedAt?.UtcDateTime, runId }));
            w.Replace(Soc2Tables.Connections, snapshot.Connections.Select(c => Rows.Connection(c, runId)));
            w.Replace(Soc2Tables.Memberships, snapshot.Memberships.Select(m => Rows.Membership(m, runId)));
            w.Append(Soc2Tables.ApiLogs, log.Drain(jobLog.InvocationId));
            w.Append(Soc2Tables.Runs, [[
                runId, jobLog.InvocationId, checkpoint.StartedAt, DateTime.UtcNow, "completed", snapshot.Account?.AccountId, snapshot.Account?.AccountName,
                snapshot.Users.Count, snapshot.Teams.Count, grants.Count, log.Total, options.DebugMode, resumed,
            ]]);
            w.ClearRun(runId);
        });
        jobLog.Step(JobName, PhasePublish, message: $"{grants.Count} grants published");
        return new Soc2RunResult(runId, resumed, snapshot.Users.Count, snapshot.Teams.Count, grants.Count, granted, revoked, log.Total, snapshot.Account?.AccountName, clock.Elapsed);
    }

    private Dictionary<string, AccessChanges.PreviousGrant> ReadCurrentGrants(Soc2Store.Writer w)
    {
        var previous = new Dictionary<string, AccessChanges.PreviousGrant>(StringComparer.Ordinal);
        using var reader = w.Query(
            $"select access_record_id, user_id, user_email, grant_type, team_id, group_id, connection_id, role_name, compliance_status, audit_timestamp from {_store.Table(Soc2Tables.AccessControl)}");
        while (reader.Read())
        {
            previous[reader.GetString(0)] = new AccessChanges.PreviousGrant(
                reader.GetString(0), reader.GetString(1), Soc2Store.NullableString(reader, 2), reader.GetString(3), Soc2Store.NullableString(reader, 4),
                Soc2Store.NullableString(reader, 5), Soc2Store.NullableString(reader, 6), reader.GetString(7), Soc2Store.NullableString(reader, 8), Soc2Store.NullableTime(reader, 9));
        }

        return previous;
    }

    private void SaveLogsAfterFailure(ApiLogBuffer log)
    {
        try
        {
            var rows = log.Drain(jobLog.InvocationId);
            if (rows.Count > 0)
            {
                _store.InTransaction(w => w.Append(Soc2Tables.ApiLogs, rows));
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            jobLog.Step(JobName, "api_logs", "warn", $"could not save the API log of the failed run: {e.Message}");
        }
    }

    /// <summary>A per-principal list that 404s (the user or team went away mid-crawl) has no memberships.</summary>
    private static async Task<IReadOnlyList<ApiMembership>> ListOrEmptyAsync(Task<IReadOnlyList<ApiMembership>> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (FivetranApiException e) when (e.IsNotFound)
        {
            return [];
        }
    }

    private static object?[] Item<T>(string runId, string kind, long ordinal, string? id, string? parent, T value) =>
        [runId, kind, ordinal, id, parent, JsonSerializer.Serialize(value, LenientJson.Options)];

    private static List<T> Entities<T>(IEnumerable<CrawlItem> items, string kind) =>
        items.Where(i => i.Kind == kind).OrderBy(i => i.Ordinal).Select(i => JsonSerializer.Deserialize<T>(i.Payload, LenientJson.Options)!).ToList();
}
