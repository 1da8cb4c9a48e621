using System.Net;
using Logbook.FivetranApiFake;
using Logbook.Soc2.Api;
using RichardSzalay.MockHttp;

namespace Logbook.Soc2.Tests;

/// <summary>The REST client: auth, paging, de-duplication, retries (which, how long), errors, timeouts, tolerant parsing.</summary>
public sealed class ApiClientTests
{
    private const string Base = "http://fivetran.test/v1";

    private sealed class Recorder : IApiCallObserver
    {
        public List<ApiCall> Calls { get; } = [];

        public void Record(ApiCall call)
        {
            lock (Calls)
            {
                Calls.Add(call);
            }
        }
    }

    private static FivetranApiClient Client(MockHttpMessageHandler mock, Recorder recorder, int pageSize = 2) => new(
        new FivetranApiOptions { ApiKey = Soc2Bed.ApiKey, ApiSecret = Soc2Bed.ApiSecret, BaseUrl = Base, PageSize = pageSize, RetryBaseDelay = TimeSpan.FromMilliseconds(1) },
        recorder, mock);

    private static string Page(string items, string? cursorJson) =>
        $$"""{"code":"Success","data":{"items":[{{items}}]{{(cursorJson is null ? "" : $",\"next_cursor\":{cursorJson}")}}},"extra_envelope_field":true}""";

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    [InlineData("\"\"")]
    public async Task Paging_follows_the_cursor_past_short_pages_until_it_is_missing_null_or_empty_and_drops_repeated_ids(string? lastCursor)
    {
        var mock = new MockHttpMessageHandler();
        // A short first page (1 of limit 2) that still has a cursor must not end the listing.
        mock.Expect(HttpMethod.Get, $"{Base}/users").WithExactQueryString("limit=2")
            .Respond("application/json", Page("""{"id":"a","email":"a@x"}""", "\"c1\""));
        mock.Expect(HttpMethod.Get, $"{Base}/users").WithExactQueryString("limit=2&cursor=c1")
            .Respond("application/json", Page("""{"id":"b"},{"id":"a","email":"dup@x"}""", "\"c2\""));
        mock.Expect(HttpMethod.Get, $"{Base}/users").WithExactQueryString("limit=2&cursor=c2")
            .Respond("application/json", Page("""{"id":"c","unknown_field":{"nested":1}}""", lastCursor));
        var recorder = new Recorder();
        using var client = Client(mock, recorder);

        var users = await client.ListUsersAsync();

        users.Select(u => u.Id).Should().Equal("a", "b", "c");
        users[0].Email.Should().Be("a@x", "the first occurrence of a repeated id is kept");
        mock.VerifyNoOutstandingExpectation();
        recorder.Calls.Select(c => c.RecordCount).Should().Equal(1, 2, 1);
        recorder.Calls.Should().OnlyContain(c => c.Succeeded && c.HttpStatus == 200 && c.Attempt == 1);
    }

    [Fact]
    public async Task Requests_carry_basic_auth_of_key_and_secret_and_a_logbook_user_agent_and_the_log_never_holds_them()
    {
        var mock = new MockHttpMessageHandler();
        string? authorization = null, userAgent = null;
        mock.When(HttpMethod.Get, $"{Base}/account/info")
            .With(request =>
            {
                authorization = request.Headers.Authorization?.ToString();
                userAgent = request.Headers.UserAgent.ToString();
                return true;
            })
            .Respond("application/json", """{"code":"Success","data":{"account_id":"acc","account_name":"Acme","user_id":"u"}}""");
        var recorder = new Recorder();
        using var client = Client(mock, recorder);

        var info = await client.GetAccountInfoAsync();

        info!.AccountName.Should().Be("Acme");
        authorization.Should().Be($"Basic {Soc2Bed.BasicToken}", "Basic auth is base64(api_key:api_secret), as in Fivetran's docs");
        userAgent.Should().StartWith("Logbook/").And.Contain("soc2-connector");
        recorder.Calls.Single().ToString().Should().NotContain(Soc2Bed.BasicToken).And.NotContain(Soc2Bed.ApiSecret);
    }

    [Fact]
    public async Task A_429_waits_what_Retry_After_asks_and_the_wait_is_capped()
    {
        var account = FakeAccount.Generate(3, 1);
        await using var server = await FakeFivetranServer.StartAsync(account, Soc2Bed.ApiKey, Soc2Bed.ApiSecret);
        server.Faults.Add(new Fault(FaultKind.TooManyRequests, "/v1/roles", Times: 1, RetryAfterSeconds: 1));
        server.Faults.Add(new Fault(FaultKind.TooManyRequests, "/v1/groups", Times: 1, RetryAfterSeconds: 3600));
        var recorder = new Recorder();
        using var client = new FivetranApiClient(Options(server) with { RetryAfterCap = TimeSpan.FromSeconds(2) }, recorder);

        (await client.ListRolesAsync()).Should().NotBeEmpty();
        (await client.ListGroupsAsync()).Should().HaveCount(4);

        client.RetryDelays.Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        var throttled = recorder.Calls.Where(c => c.HttpStatus == 429).ToList();
        throttled.Should().HaveCount(2).And.OnlyContain(c => !c.Succeeded && c.ErrorCode == "TooManyRequests" && c.Attempt == 1);
        recorder.Calls.Where(c => c.Succeeded && !c.Endpoint.Contains("cursor=", StringComparison.Ordinal)).Should().HaveCount(2).And.OnlyContain(c => c.Attempt == 2);
    }

    [Fact]
    public async Task Server_errors_back_off_exponentially_and_give_up_after_the_configured_retries()
    {
        var account = FakeAccount.Generate(3, 1);
        await using var server = await FakeFivetranServer.StartAsync(account, Soc2Bed.ApiKey, Soc2Bed.ApiSecret);
        server.Faults.Add(new Fault(FaultKind.ServerError, "/v1/teams", Times: 2));
        server.Faults.Add(new Fault(FaultKind.ServerError, "/v1/roles", Times: 100));
        var recorder = new Recorder();
        using var client = new FivetranApiClient(Options(server) with { RetryBaseDelay = TimeSpan.FromMilliseconds(20) }, recorder);

        (await client.ListTeamsAsync()).Should().HaveCount(1, "two 500s are retried");
        var failure = await FluentActions.Awaiting(() => client.ListRolesAsync()).Should().ThrowAsync<FivetranApiException>();

        failure.Which.Status.Should().Be(HttpStatusCode.InternalServerError);
        failure.Which.Message.Should().Contain("/v1/roles").And.Contain("InternalError").And.Contain("gave up after 4 attempts");
        recorder.Calls.Count(c => c.Endpoint.StartsWith("/v1/roles", StringComparison.Ordinal)).Should().Be(4, "3 retries by default");
        // Five back-offs in all (2 for teams, 3 for roles): exponential with decorrelated jitter, so each is a positive
        // wait (not always longer than the one before) and a 500 never takes the Retry-After path.
        client.RetryDelays.Should().HaveCount(5).And.OnlyContain(d => d > TimeSpan.Zero && d < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Client_errors_fail_at_once_with_the_APIs_code_and_message()
    {
        var account = FakeAccount.Generate(3, 1);
        await using var server = await FakeFivetranServer.StartAsync(account, Soc2Bed.ApiKey, Soc2Bed.ApiSecret);
        var recorder = new Recorder();
        using var badLimit = new FivetranApiClient(Options(server) with { PageSize = 5000 }, recorder);
        using var badSecret = new FivetranApiClient(Options(server) with { ApiSecret = "wrong" }, recorder);

        var invalid = await FluentActions.Awaiting(() => badLimit.ListUsersAsync()).Should().ThrowAsync<FivetranApiException>();
        var unauthorized = await FluentActions.Awaiting(() => badSecret.ListUsersAsync()).Should().ThrowAsync<FivetranApiException>();

        invalid.Which.Code.Should().Be("InvalidInput");
        invalid.Which.Message.Should().Contain("HTTP 400").And.Contain("range 1..1000");
        unauthorized.Which.Status.Should().Be(HttpStatusCode.Unauthorized);
        unauthorized.Which.Message.Should().Contain("AuthFailed").And.Contain("api_key");
        unauthorized.Which.Message.Should().NotContain("wrong", "the secret is never echoed");
        server.Requests.Should().Be(2, "a 4xx other than 429 is not retried");
        badLimit.RetryDelays.Should().BeEmpty();
    }

    [Fact]
    public async Task Not_found_single_objects_are_null_and_detail_endpoints_read_the_fixture_shapes()
    {
        var account = FakeAccount.Generate(12, 3);
        await using var server = await FakeFivetranServer.StartAsync(account, Soc2Bed.ApiKey, Soc2Bed.ApiSecret);
        using var client = new FivetranApiClient(Options(server), new Recorder());
        var team = (string)account.Teams[0]["id"]!;
        var member = (string)account.TeamUsers[team][0]["user_id"]!;
        var userWithGroup = account.UserGroups.First(p => p.Value.Count > 0);
        var userWithConnection = account.UserConnections.First(p => p.Value.Count > 0);

        (await client.GetUserAsync("no_such_user")).Should().BeNull();
        (await client.GetTeamAsync("no_such_team")).Should().BeNull();
        var user = await client.GetUserAsync("user_00008");
        user!.Email.Should().Be("user_00008@example.com");
        user.LoggedInAt.Should().BeNull("a pending invite never logged in");
        user.Invited.Should().BeTrue();
        (await client.GetTeamAsync(team))!.Name.Should().Be("Team 0");
        (await client.GetTeamUserAsync(team, member))!.UserId.Should().Be(member);
        (await client.GetUserGroupAsync(userWithGroup.Key, (string)userWithGroup.Value[0]["id"]!))!.Role.Should().Be((string)userWithGroup.Value[0]["role"]!);
        (await client.GetUserConnectionAsync(userWithConnection.Key, (string)userWithConnection.Value[0]["id"]!))!.Id.Should().Be((string)userWithConnection.Value[0]["id"]!);
        (await client.GetUserGroupAsync(userWithGroup.Key, "group_999")).Should().BeNull();
        (await client.GetTeamGroupAsync(team, "group_999")).Should().BeNull();
        await FluentActions.Awaiting(() => client.ListUserGroupsAsync("no_such_user")).Should().ThrowAsync<FivetranApiException>().Where(e => e.IsNotFound && e.Code == "NotFound_User");
        server.Log.Snapshot().Should().NotContain(p => p.Contains("/connectors", StringComparison.Ordinal), "the renamed /connections paths are used");
    }

    [Fact]
    public async Task A_slow_response_times_out_and_is_retried_and_a_response_that_stays_slow_fails_naming_the_timeout()
    {
        var account = FakeAccount.Generate(3, 1);
        await using var server = await FakeFivetranServer.StartAsync(account, Soc2Bed.ApiKey, Soc2Bed.ApiSecret);
        // The slow answers take far longer than the timeout, and a normal answer far less, even on a loaded CI
        // machine (a 300 ms timeout once timed out the healthy retry there too).
        server.Faults.Add(new Fault(FaultKind.Slow, "/v1/groups", Times: 1, Delay: TimeSpan.FromSeconds(60)));
        server.Faults.Add(new Fault(FaultKind.Slow, "/v1/teams", Times: 10, Delay: TimeSpan.FromSeconds(60)));
        var recorder = new Recorder();
        using var client = new FivetranApiClient(Options(server) with { RequestTimeout = TimeSpan.FromSeconds(2), MaxRetries = 1 }, recorder);

        (await client.ListGroupsAsync()).Should().HaveCount(4);
        var failure = await FluentActions.Awaiting(() => client.ListTeamsAsync()).Should().ThrowAsync<FivetranApiException>();

        failure.Which.Message.Should().Contain("timed out").And.Contain("/v1/teams");
        recorder.Calls.Where(c => c.ErrorCode == "Timeout").Should().HaveCount(3).And.OnlyContain(c => !c.Succeeded && c.HttpStatus == null);
    }

    [Fact]
    public async Task With_max_retries_zero_a_transient_failure_is_one_attempt_and_fails()
    {
        var account = FakeAccount.Generate(3, 1);
        await using var server = await FakeFivetranServer.StartAsync(account, Soc2Bed.ApiKey, Soc2Bed.ApiSecret);
        server.Faults.Add(new Fault(FaultKind.MalformedJson, "/v1/users", Times: 1));
        var recorder = new Recorder();
        using var client = new FivetranApiClient(Options(server) with { MaxRetries = 0 }, recorder);

        await FluentActions.Awaiting(() => client.ListUsersAsync()).Should().ThrowAsync<FivetranApiException>();
        recorder.Calls.Should().ContainSingle("no retry strategy: the one attempt is the only call");
        (await client.ListUsersAsync()).Should().HaveCount(3, "the next call is healthy");
    }

    [Fact]
    public async Task Malformed_json_is_treated_as_transient_and_cancellation_stops_the_client()
    {
        var account = FakeAccount.Generate(3, 1);
        await using var server = await FakeFivetranServer.StartAsync(account, Soc2Bed.ApiKey, Soc2Bed.ApiSecret);
        server.Faults.Add(new Fault(FaultKind.MalformedJson, "/v1/users", Times: 1));
        var recorder = new Recorder();
        using var client = new FivetranApiClient(Options(server), recorder);

        (await client.ListUsersAsync()).Should().HaveCount(3);
        recorder.Calls[0].Succeeded.Should().BeFalse();
        recorder.Calls[0].HttpStatus.Should().Be(200);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await FluentActions.Awaiting(() => client.ListTeamsAsync(cancelled.Token)).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void Parsing_is_tolerant_of_fraction_digits_string_typed_values_nulls_and_unknown_fields()
    {
        var user = System.Text.Json.JsonSerializer.Deserialize<ApiUser>(
            """{"id":"u","logged_in_at":"2024-01-02T03:04:05.1234567Z","created_at":"2024-01-02T03:04:05Z","active":"true","verified":null,"role":null,"brand_new_field":[1,2]}""",
            LenientJson.Options)!;
        user.LoggedInAt.Should().Be(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567));
        user.CreatedAt.Should().Be(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
        user.Active.Should().BeTrue();
        user.Verified.Should().BeNull();
        user.Role.Should().BeNull();
        foreach (var text in new[] { "2024-01-02T03:04:05.1Z", "2024-01-02T03:04:05.123Z", "2024-01-02T03:04:05.123456789Z", "2024-01-02T03:04:05+00:00" })
        {
            System.Text.Json.JsonSerializer.Deserialize<ApiUser>($$"""{"logged_in_at":"{{text}}"}""", LenientJson.Options)!.LoggedInAt!.Value.UtcDateTime.Date
                .Should().Be(new DateTime(2024, 1, 2), text);
        }
    }

    private static FivetranApiOptions Options(FakeFivetranServer server) => new()
    {
        ApiKey = Soc2Bed.ApiKey,
        ApiSecret = Soc2Bed.ApiSecret,
        BaseUrl = server.BaseUrl,
        PageSize = 5,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
    };
}
