using Logbook.Hosting;
using Logbook.Server.Web;

namespace Logbook.Server.Tests;

/// <summary>
/// A server on a project that has run nothing: every page still answers 200 with a "no data yet" box that says what
/// to run, and a CSV of a missing table is a 404 that says the same. Values from the warehouse are HTML-encoded.
/// </summary>
public sealed class EmptyWarehouseTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private LogbookHost _host = null!;
    private LogbookServer? _server;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _folder.Write("project/logbook.yml", "name: empty\n");
        _host = LogbookHost.Load(new HostOptions { ProjectDirectory = System.IO.Path.Combine(_folder.Path, "project"), WarehousePath = "empty.duckdb" }, _folder.Environment);
        _server = LogbookServer.Create(_host, _folder.Environment, null, new ServerOptions { Urls = "http://127.0.0.1:0", RunScheduler = false }, _ => { });
        await _server.StartAsync();
        _baseUrl = _server.Addresses[0].TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Every_page_says_no_data_yet_and_what_to_run()
    {
        foreach (var page in Dashboard.Pages)
        {
            using var response = await _http.GetAsync(_baseUrl + page.Path);
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, page.Path);
            var html = await response.Content.ReadAsStringAsync();
            html.Should().Contain("No data yet.", page.Path).And.MatchRegex("does not exist yet: [^<]*logbook [a-z]", page.Path);
            html.Should().NotContain("class=\"failed\"", page.Path);
        }

        foreach (var id in Dashboard.Tables().Keys)
        {
            using var csv = await _http.GetAsync(_baseUrl + "/csv/" + id);
            csv.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound, id);
            (await csv.Content.ReadAsStringAsync()).Should().StartWith("no data yet: ").And.Contain("does not exist yet");
        }
    }

    [Fact]
    public async Task Values_from_the_warehouse_are_html_encoded()
    {
        const string status = "<img src=x onerror=alert(1)>\"&'</script>";
        _host.RunSql($"""
            create schema fct_fivetran_logs;
            create table fct_fivetran_logs.fct_fivetran_connector_health as
            select 'c1' as connection_id, 'one' as connection_name, '{status.Replace("'", "''", StringComparison.Ordinal)}' as connection_health
            union all select 'c2', 'two', 'broken'
            """);

        var html = await _http.GetStringAsync(_baseUrl + "/");
        html.Should().NotContain("<img").And.NotContain("alert(1)>").And.Contain("&lt;img src=x onerror=alert(1)&gt;&quot;&amp;&#39;&lt;/script&gt;");
        html.Should().Contain("\\u003Cimg src=x onerror=alert(1)\\u003E", "chart labels are JSON with <, > and & escaped, so they cannot close their script element");
        System.Text.RegularExpressions.Regex.Matches(html, "</script>").Should().HaveCount(3, "the chart data's and the two asset scripts' ends; none comes from the label");
        var csv = CsvTests.Parse(await _http.GetStringAsync(_baseUrl + "/csv/health-counts"));
        csv.Skip(1).Select(r => r[0]).Should().BeEquivalentTo("broken", status);

        // The connectors page reads columns this table lacks: it says so instead of failing.
        using var connectors = await _http.GetAsync(_baseUrl + "/connectors");
        connectors.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await connectors.Content.ReadAsStringAsync()).Should().Contain("Could not read this table.");
    }
}
