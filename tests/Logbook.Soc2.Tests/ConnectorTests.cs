using System.Text.Json.Nodes;
using Logbook.FivetranApiFake;
using Logbook.Soc2.Api;
using Logbook.Soc2.Crawl;

namespace Logbook.Soc2.Tests;

/// <summary>The connector end to end against the fake: the crawl, the tables, the audit trail, faults, resume, changes.</summary>
public sealed class ConnectorTests
{
    [Fact]
    public async Task A_full_crawl_publishes_exactly_the_grants_of_the_account_and_its_entities()
    {
        await using var bed = await Soc2Bed.StartAsync(Soc2Bed.Generate(users: 60, teams: 8));

        var result = await bed.RunAsync();

        var expected = AccessOracle.Grants(bed.Account);
        bed.PublishedGrants().Should().BeEquivalentTo(expected, "every grant, direct or inherited, and nothing extra");
        bed.Count("select count(*) from soc2.soc2_access_control").Should().Be(expected.Count, "no duplicate rows");
        bed.Count("select count(distinct access_record_id) from soc2.soc2_access_control").Should().Be(expected.Count);
        result.Grants.Should().Be(expected.Count);
        result.Resumed.Should().BeFalse();
        result.AccountName.Should().Be("Fake Inc.");
        bed.Count("select count(*) from soc2.users").Should().Be(60);
        bed.Count("select count(*) from soc2.teams").Should().Be(8);
        bed.Count("select count(*) from soc2.roles").Should().Be(bed.Account.Roles.Count);
        bed.Count("select count(*) from soc2.groups").Should().Be(4);
        bed.Count("select count(*) from soc2.connections").Should().Be(12);
        var memberships = bed.Account.UserGroups.Values.Sum(l => l.Count) + bed.Account.UserConnections.Values.Sum(l => l.Count)
            + bed.Account.TeamUsers.Values.Sum(l => l.Count) + bed.Account.TeamGroups.Values.Sum(l => l.Count) + bed.Account.TeamConnections.Values.Sum(l => l.Count);
        bed.Count("select count(*) from soc2.memberships").Should().Be(memberships);
        bed.Count("select count(*) from soc2.soc2_crawl_items").Should().Be(0, "crawl state is cleared when the run publishes");
        bed.Count("select count(*) from soc2.soc2_checkpoint").Should().Be(0);

        // The seed's columns carry the documented meanings.
        var admin = bed.Query("select role_id, role_name, access_level, compliance_status, is_privileged, last_accessed, user_email, user_name from soc2.soc2_access_control where user_id = 'user_00000' and grant_type = 'ACCOUNT_ROLE'").Single();
        admin[0].Should().Be("Account Administrator", "Fivetran has no role ids: role_id is the role name");
        admin[1].Should().Be("Account Administrator");
        admin[2].Should().Be("ADMIN");
        admin[3].Should().Be("PRIVILEGED");
        admin[4].Should().Be(true);
        admin[5].Should().Be(DateTimeOffset.Parse((string)bed.Account.Users[0]["logged_in_at"]!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, "last_accessed is logged_in_at");
        admin[6].Should().Be("user_00000@example.com");
        admin[7].Should().Be("Given0 Family0");
        bed.Count("select count(*) from soc2.soc2_access_control where grant_type = 'GROUP_CONNECTION' and (granted_via is null or connection_name is null or group_name is null)")
            .Should().Be(0, "an inherited grant names what it came through");
        bed.Count("select count(*) from soc2.soc2_access_control where grant_type like 'TEAM%' and (team_name is null or granted_via is null)").Should().Be(0);

        // One audited job; one api_logs row per HTTP attempt, all successful, paged with limit and cursor.
        bed.Query("select status, rows_processed from logbook_audit.audit_summary where model_name = 'soc2_access_connector'").Single()
            .Should().Equal("completed", (long)expected.Count);
        bed.Count("select count(*) from soc2.api_logs").Should().Be(bed.Server.Requests).And.Be(result.ApiCalls);
        bed.Count("select count(*) from soc2.api_logs where status <> 'SUCCESS' or http_status <> 200").Should().Be(0);
        bed.Count("select count(*) from soc2.api_logs where endpoint like '/v1/users?limit=7&cursor=%'").Should().BeGreaterThan(0, "60 users at 7 a page are paged");
        bed.Count("select count(*) from soc2.api_logs where invocation_id is null or duration_ms is null or attempt <> 1 or rate_limit_remaining is null").Should().Be(0);
        bed.Count("select sum(record_count) from soc2.api_logs where endpoint like '/v1/users?%'").Should().Be(60);
        bed.Count("select count(*) from soc2.api_logs where endpoint like '/v1/users?%' and request_data like '{\"cursor\":\"%\",\"limit\":\"7\"}'")
            .Should().Be(8, "request_data holds the query of a GET: 60 users at 7 a page are 9 pages, 8 with a cursor");
    }

    [Fact]
    public async Task Compliance_status_follows_the_documented_rules_for_every_user()
    {
        await using var bed = await Soc2Bed.StartAsync(Soc2Bed.Generate(users: 40, teams: 4));

        await bed.RunAsync();

        var auditTime = (DateTime)bed.Query("select max(audit_timestamp) from soc2.soc2_access_control").Single()[0]!;
        var rows = bed.Query("select user_id, role_name, compliance_status from soc2.soc2_access_control");
        rows.Should().NotBeEmpty();
        foreach (var row in rows)
        {
            var user = bed.Account.Users.Single(u => (string)u["id"]! == (string)row[0]!);
            row[2].Should().Be(AccessOracle.StatusOf(user, (string)row[1]!, auditTime), $"{row[0]} holding {row[1]}");
        }

        rows.Select(r => (string)r[2]!).Distinct().Should().BeEquivalentTo(["ACTIVE", "INACTIVE", "PENDING_INVITE", "STALE", "PRIVILEGED"]);
    }

    [Fact]
    public async Task Secrets_never_reach_any_table()
    {
        await using var bed = await Soc2Bed.StartAsync(Soc2Bed.Generate(users: 15, teams: 3));
        bed.Server.Faults.Add(new Fault(FaultKind.ServerError, "/v1/teams/", Times: 2));

        await bed.RunAsync();

        bed.Count("select count(*) from soc2.api_logs where endpoint like '/v1/connections?%' and response_data like '%\"config\"%[redacted]%'")
            .Should().BeGreaterThan(0, "connection configs are redacted, not dropped silently");
        var textColumns = bed.Query("select table_schema, table_name, column_name from information_schema.columns where data_type = 'VARCHAR' and table_schema in ('soc2', 'logbook_audit')");
        textColumns.Should().HaveCountGreaterThan(40);
        foreach (var secret in new[] { Soc2Bed.ApiSecret, Soc2Bed.BasicToken, FakeAccount.ConfigSecret })
        {
            foreach (var column in textColumns)
            {
                bed.Count($"select count(*) from \"{column[0]}\".\"{column[1]}\" where strpos(\"{column[2]}\", $1) > 0", secret)
                    .Should().Be(0, $"{column[0]}.{column[1]}.{column[2]} must not hold a secret");
            }
        }

        bed.Warnings.Should().NotContain(w => w.Contains(Soc2Bed.ApiSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transient_faults_during_a_crawl_are_survived_and_logged_with_their_attempts()
    {
        await using var bed = await Soc2Bed.StartAsync(Soc2Bed.Generate(users: 30, teams: 5));
        bed.Server.Faults
            .Add(new Fault(FaultKind.TooManyRequests, "/v1/users?", Times: 1, RetryAfterSeconds: 30))
            .Add(new Fault(FaultKind.ServerError, "/v1/teams/team_0001/users", Times: 2))
            .Add(new Fault(FaultKind.MalformedJson, "/v1/roles", Times: 1))
            .Add(new Fault(FaultKind.ServerError, "/v1/users/user_00004/groups", Times: 1));

        await bed.RunAsync();

        bed.PublishedGrants().Should().BeEquivalentTo(AccessOracle.Grants(bed.Account));
        bed.Server.Faults.Served.Should().Be(5);
        bed.Query("select http_status, error_code, attempt from soc2.api_logs where status = 'FAILED' order by http_status, attempt")
            .Select(r => $"{r[0]} {r[1]} {r[2]}")
            .Should().BeEquivalentTo(["200 MalformedJson 1", "429 TooManyRequests 1", "500 InternalError 1", "500 InternalError 1", "500 InternalError 2"]);
        bed.Count("select count(*) from soc2.api_logs where status = 'SUCCESS' and attempt > 1").Should().Be(4, "each faulted call succeeded on a later attempt");
    }

    [Fact]
    public async Task A_persistent_failure_fails_the_job_in_the_audit_log_keeps_the_api_log_and_publishes_nothing()
    {
        await using var bed = await Soc2Bed.StartAsync(Soc2Bed.Generate(users: 20, teams: 2));
        bed.Server.Faults.Add(new Fault(FaultKind.ServerError, "/v1/users/user_00013/connections", Times: 100));

        var failure = await FluentActions.Awaiting(() => bed.RunAsync(bed.Options(api: bed.Api() with { MaxRetries = 2 }))).Should().ThrowAsync<FivetranApiException>();

        failure.Which.Message.Should().Contain("/v1/users/user_00013/connections").And.Contain("gave up after 3 attempts");
        var audit = bed.Query("select status, error_message from logbook_audit.audit_summary where model_name = 'soc2_access_connector'").Single();
        audit[0].Should().Be("failed");
        ((string)audit[1]!).Should().Contain("user_00013");
        bed.Query("select attempt from soc2.api_logs where endpoint like '/v1/users/user_00013/connections%' order by attempt").Select(r => r[0])
            .Should().Equal(1L, 2L, 3L);
        // Calls still in flight when the job gave up are cancelled, and logged as such (how many depends on timing).
        bed.Query("select endpoint, error_code from soc2.api_logs where status = 'FAILED' and endpoint not like '/v1/users/user_00013/connections%'")
            .Select(r => $"{r[0]} {r[1]}").Where(call => !call.EndsWith(" Timeout", StringComparison.Ordinal)).Should().BeEmpty();
        bed.Count("select count(*) from soc2.soc2_access_control").Should().Be(0, "a failed run publishes nothing");
        bed.Count("select count(*) from soc2.soc2_checkpoint").Should().Be(1, "its checkpoint stays for the next run to resume");
    }

    [Fact]
    public async Task A_run_stopped_part_way_resumes_from_its_checkpoint_and_ends_with_the_same_tables_as_a_fresh_run()
    {
        var account = Soc2Bed.Generate(users: 57, teams: 9);
        await using var bed = await Soc2Bed.StartAsync(account);
        using var stop = new CancellationTokenSource();
        // Stop in the middle of the users phase, after several checkpoints (every 10 users) were committed.
        bed.Server.OnRequest = path =>
        {
            if (path.StartsWith("/v1/users/user_00034/", StringComparison.Ordinal))
            {
                stop.Cancel();
            }
        };

        await FluentActions.Awaiting(() => bed.RunAsync(cancellationToken: stop.Token)).Should().ThrowAsync<OperationCanceledException>();
        bed.Server.OnRequest = null;
        var firstAttempt = bed.Server.Requests;
        bed.Query("select phase, position from soc2.soc2_checkpoint").Single().Should().Equal("users", 30L);
        bed.Count("select count(*) from soc2.soc2_access_control").Should().Be(0);
        bed.Query("select status, error_message from logbook_audit.audit_summary").Single().Should().Equal("failed", "cancelled");

        var resumed = await bed.RunAsync();

        resumed.Resumed.Should().BeTrue();
        var resumeRequests = bed.Server.Requests - firstAttempt;
        await using var fresh = await Soc2Bed.StartAsync(account);
        var freshResult = await fresh.RunAsync();
        resumeRequests.Should().BeLessThan(fresh.Server.Requests, "the resumed run does not re-read the lists or the first 30 users");
        var freshLog = fresh.Server.Log.Snapshot();
        var listCalls = freshLog.Count(p => p.Split('?')[0].Count(c => c == '/') == 2 || p.StartsWith("/v1/account/info", StringComparison.Ordinal));
        var committedUserCalls = freshLog.Count(p => p.StartsWith("/v1/users/user_", StringComparison.Ordinal) && int.Parse(p[15..20], System.Globalization.CultureInfo.InvariantCulture) < 30);
        resumeRequests.Should().Be(fresh.Server.Requests - listCalls - committedUserCalls, "the resume re-reads only the chunk that was not committed, and what follows");
        freshResult.Grants.Should().Be(resumed.Grants);
        bed.PublishedGrants().Should().BeEquivalentTo(AccessOracle.Grants(account));
        foreach (var table in new[] { "soc2_access_control", "users", "teams", "roles", "groups", "connections", "memberships" })
        {
            Snapshot(bed, table).Should().Equal(Snapshot(fresh, table), $"{table} is the same after a resume as after a fresh run");
        }

        bed.Count("select count(*) from soc2.soc2_runs where resumed").Should().Be(1);
        bed.Count("select count(*) from soc2.soc2_crawl_items").Should().Be(0);
    }

    [Fact]
    public async Task Debug_mode_reads_only_the_first_five_users_and_records_no_access_changes()
    {
        await using var bed = await Soc2Bed.StartAsync(Soc2Bed.Generate(users: 30, teams: 4));

        var result = await bed.RunAsync(bed.Options(debug: true));

        var firstFive = bed.Account.Users.Take(5).Select(u => (string)u["id"]!).ToHashSet();
        result.Users.Should().Be(5);
        bed.Count("select count(*) from soc2.users").Should().Be(5);
        bed.PublishedGrants().Should().BeEquivalentTo(AccessOracle.Grants(bed.Account, firstFive));
        bed.Server.Log.Snapshot().Where(p => p.StartsWith("/v1/users/", StringComparison.Ordinal))
            .Select(p => p.Split('/')[3]).Distinct().Should().BeEquivalentTo(firstFive, "per-user calls are made for the first 5 users only");
        bed.Count("select count(*) from soc2.soc2_access_changes").Should().Be(0);
        bed.Count("select count(*) from soc2.soc2_runs where debug_mode").Should().Be(1);
    }

    [Fact]
    public async Task Access_changes_between_runs_are_recorded_as_granted_and_revoked()
    {
        await using var bed = await Soc2Bed.StartAsync(Soc2Bed.Generate(users: 25, teams: 4));
        (await bed.RunAsync()).Granted.Should().Be(0, "the first run is the baseline");
        var before = AccessOracle.Grants(bed.Account);
        lock (bed.Account)
        {
            bed.Account.Users.Single(u => (string)u["id"]! == "user_00003")["role"] = "Account Administrator";
            bed.Account.UserGroups["user_00002"].Clear();
            var team = (string)bed.Account.Teams[1]["id"]!;
            bed.Account.TeamUsers[team].Add(new JsonObject { ["user_id"] = "user_00011", ["role"] = "Team Member" });
        }

        var after = AccessOracle.Grants(bed.Account);
        var second = await bed.RunAsync();

        var changes = bed.Query("select change_type, user_id, grant_type, team_id, group_id, connection_id, role_name from soc2.soc2_access_changes")
            .Select(r => ((string)r[0]!, new GrantKey((string)r[1]!, (string)r[2]!, (string?)r[3], (string?)r[4], (string?)r[5], (string)r[6]!)))
            .ToList();
        changes.Where(c => c.Item1 == "GRANTED").Select(c => c.Item2).Should().BeEquivalentTo(after.Except(before));
        changes.Where(c => c.Item1 == "REVOKED").Select(c => c.Item2).Should().BeEquivalentTo(before.Except(after));
        changes.Should().Contain(("GRANTED", new GrantKey("user_00003", "ACCOUNT_ROLE", null, null, null, "Account Administrator")));
        second.Granted.Should().Be(after.Except(before).Count());
        second.Revoked.Should().Be(before.Except(after).Count()).And.BeGreaterThan(0);
        bed.Count("select count(*) from soc2.soc2_access_changes where detected_at is null or previous_audit_timestamp is null and change_type = 'REVOKED'").Should().Be(0);

        await bed.RunAsync();
        bed.Count("select count(*) from soc2.soc2_access_changes").Should().Be(changes.Count, "an unchanged account adds no changes");
    }

    [Fact]
    public async Task Per_user_and_per_team_calls_run_in_parallel_within_the_concurrency_bound()
    {
        await using var bed = await Soc2Bed.StartAsync(Soc2Bed.Generate(users: 24, teams: 6));
        bed.Server.Latency = TimeSpan.FromMilliseconds(30);

        await bed.RunAsync(bed.Options(api: bed.Api() with { MaxConcurrency = 3 }));

        bed.Server.MaxInFlight.Should().BeInRange(2, 3);
    }

    /// <summary>A table's rows without the columns that name the run, sorted, as text.</summary>
    private static List<string> Snapshot(Soc2Bed bed, string table)
    {
        var columns = bed.Query($"select column_name from information_schema.columns where table_schema = 'soc2' and table_name = '{table}' and column_name not in ('run_id', 'audit_timestamp') order by ordinal_position")
            .Select(r => $"\"{r[0]}\"").ToList();
        return bed.Query($"select {string.Join(", ", columns)} from soc2.\"{table}\"")
            .Select(r => string.Join("|", r.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
