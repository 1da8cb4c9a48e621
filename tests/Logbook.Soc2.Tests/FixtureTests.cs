using System.Net;
using System.Text;
using Logbook.Audit;
using Logbook.Core.Warehouses;
using Logbook.Soc2.Api;
using Logbook.Soc2.Crawl;
using Logbook.Warehouse.DuckDb;

namespace Logbook.Soc2.Tests;

/// <summary>
/// The connector over the API's example payloads (Fixtures/fivetran_api, composed from Fivetran's OpenAPI
/// definition): every fixture parses, and a crawl served from them gives the grants worked out by hand below.
/// </summary>
public sealed class FixtureTests
{
    private static readonly string s_fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "fivetran_api");

    /// <summary>Serves <c>GET_v1_a_b.json</c> for <c>/v1/a/b</c>; a cursor gets an empty last page; anything else the 404 fixture.</summary>
    private sealed class FixtureHandler : HttpMessageHandler
    {
        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            lock (Paths)
            {
                Paths.Add(request.RequestUri.PathAndQuery);
            }

            var file = Path.Combine(s_fixtures, "GET_" + path.Trim('/').Replace('/', '_') + ".json");
            var (status, body) = request.RequestUri.Query.Contains("cursor=", StringComparison.Ordinal)
                ? (HttpStatusCode.OK, """{"code":"Success","data":{"items":[]}}""")
                : File.Exists(file)
                    ? (HttpStatusCode.OK, File.ReadAllText(file))
                    : (HttpStatusCode.NotFound, File.ReadAllText(Path.Combine(s_fixtures, "ERR_404_user_not_found.json")));
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    [Fact]
    public async Task A_crawl_of_the_example_payloads_gives_the_grants_worked_out_by_hand()
    {
        using var folder = new TempFolder();
        var warehouse = DuckDbWarehouse.FromTarget(new WarehouseTarget("test", WarehouseKind.DuckDb, new Dictionary<string, string> { ["path"] = "w.duckdb" }), folder.Path);
        var handler = new FixtureHandler();
        var options = new Soc2ConnectorOptions { Api = new FivetranApiOptions { ApiKey = "k", ApiSecret = "s", BaseUrl = "https://api.fivetran.com/v1" } };
        using (var audit = AuditLog.Open(warehouse, new AuditOptions { TargetName = "test" }, _ => { }))
        {
            var result = await new Soc2Connector(warehouse, audit, options, handler).RunAsync();
            result.AccountName.Should().Be("Acme Corp");
        }

        // nozzle_eat: account admin, a group and a connection of his own, manager of "Head Team" (account admin role,
        // two groups, one connection); prophecies_falsely: no account role, a member of the same team. The other
        // team and user have no membership fixtures (404): no grants from them.
        string[] team = [
            "TEAM_ACCOUNT_ROLE|abode_abolish|||Account Administrator",
            "TEAM_GROUP|abode_abolish|projected_sickle||Destination Administrator",
            "TEAM_GROUP_CONNECTION|abode_abolish|projected_sickle|iodize_impressive|Destination Administrator",
            "TEAM_GROUP|abode_abolish|schoolmaster_heedless||Destination Reviewer",
            "TEAM_CONNECTION|abode_abolish|projected_sickle|iodize_impressive|Connector Administrator",
        ];
        string[] expected = [
            "nozzle_eat|ACCOUNT_ROLE||||Account Administrator",
            "nozzle_eat|GROUP||projected_sickle||Destination Administrator",
            "nozzle_eat|GROUP_CONNECTION||projected_sickle|iodize_impressive|Destination Administrator",
            "nozzle_eat|CONNECTION||projected_sickle|iodize_impressive|Connector Administrator",
            "nozzle_eat|TEAM_MEMBERSHIP|abode_abolish|||Team Manager",
            .. team.Select(t => "nozzle_eat|" + t),
            "prophecies_falsely|TEAM_MEMBERSHIP|abode_abolish|||Team Member",
            .. team.Select(t => "prophecies_falsely|" + t),
        ];
        var rows = WarehouseRows.Query(warehouse, "select user_id, grant_type, team_id, group_id, connection_id, role_name, compliance_status, group_name, team_name, connection_name, permissions from soc2.soc2_access_control");
        rows.Select(r => string.Join('|', r.Take(6))).Should().BeEquivalentTo(expected);
        rows.Should().OnlyContain(r => (string)r[6]! == "STALE", "both users last logged in years ago");
        rows.Where(r => (string?)r[3] == "projected_sickle").Should().OnlyContain(r => (string)r[7]! == "Staging");
        rows.Where(r => r[2] != null).Should().OnlyContain(r => (string)r[8]! == "Head Team");
        rows.Where(r => r[4] != null).Should().OnlyContain(r => (string)r[9]! == "salesforce");
        rows.Single(r => (string)r[1]! == "GROUP")[10].Should().Be("Role Description (deprecated role; replaced by Manage Destination)");
        handler.Paths.Should().Contain("/v1/users?limit=1000&cursor=eyJza2lwIjoyfQ", "the users page's next_cursor is followed");
        WarehouseRows.Query(warehouse, "select count(*) from soc2.users").Single()[0].Should().Be(2L);
    }

    [Fact]
    public void Every_example_payload_parses_with_the_clients_models()
    {
        var files = Directory.GetFiles(s_fixtures, "*.json");
        files.Should().HaveCountGreaterThan(20);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var envelope = System.Text.Json.JsonSerializer.Deserialize<Envelope<System.Text.Json.JsonElement>>(text, LenientJson.Options);
            envelope.Should().NotBeNull(file);
            envelope!.Code.Should().NotBeNullOrEmpty(file);
        }

        var user = System.Text.Json.JsonSerializer.Deserialize<Envelope<ApiUser>>(File.ReadAllText(Path.Combine(s_fixtures, "GET_v1_users_nozzle_eat.json")), LenientJson.Options)!.Data!;
        user.Email.Should().Be("john@mycompany.com");
        user.LoggedInAt.Should().Be(new DateTimeOffset(2019, 1, 3, 8, 44, 45, 369, TimeSpan.Zero));
    }
}
