using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Logbook.Server.Web;

namespace Logbook.Server.Tests;

/// <summary>Every table of every page downloads as RFC 4180 CSV with the rows the page shows.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class CsvTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Every_table_has_a_csv_link_and_its_csv_has_the_rows_the_page_shows()
    {
        var checkedTables = 0;
        foreach (var page in Dashboard.Pages)
        {
            var html = await fixture.Http.GetStringAsync(fixture.BaseUrl + page.Path);
            var shown = ShownRows().Matches(html).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            foreach (var table in page.Tables)
            {
                html.Should().Contain($"href=\"/csv/{table.Id}\"", $"{page.Path} links the CSV of {table.Id}");
                using var response = await fixture.Http.GetAsync(fixture.BaseUrl + "/csv/" + table.Id);
                response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, table.Id);
                response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
                response.Content.Headers.ContentDisposition!.FileName.Should().Be($"{table.Id}.csv");
                var csv = Parse(await response.Content.ReadAsStringAsync());

                TableData expected;
                using (var data = new DashboardData(fixture.Server.Context))
                {
                    expected = table.Load(data);
                }

                csv[0].Should().Equal(expected.Columns, $"the header of {table.Id}");
                csv.Skip(1).Where(r => r.Count != expected.Columns.Count).Should().BeEmpty($"every line of {table.Id} has its {expected.Columns.Count} fields");
                (csv.Count - 1).Should().Be(expected.Rows.Count, $"{table.Id} has the rows of its query");
                if (shown.TryGetValue(table.Id, out var rows))
                {
                    (csv.Count - 1).Should().Be(rows, $"the CSV of {table.Id} has the rows {page.Path} shows");
                }

                checkedTables++;
            }
        }

        checkedTables.Should().BeGreaterThanOrEqualTo(25);
        (await fixture.Http.GetAsync(fixture.BaseUrl + "/csv/no-such-table")).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Csv_quotes_per_rfc_4180_and_keeps_every_value()
    {
        var text = await fixture.Http.GetStringAsync(fixture.BaseUrl + "/csv/latest-sync-failures");
        text.Should().Contain("\r\n").And.EndWith("\r\n");
        var csv = Parse(text);
        var sql = fixture.Sql("""
            select sync_ended_at, coalesce(connection_name, connection_id), final_reason
            from fct_fivetran_logs.fct_fivetran_sync_performance
            where status_category = 'failure'
            order by sync_ended_at desc nulls last, connection_id
            limit 10
            """).Rows;
        var reason = csv[0].IndexOf("final_reason");
        csv.Skip(1).Select(r => r[reason]).Should().Equal(sql.Select(r => (string?)r[2] ?? ""), "messages with commas and quotes survive the round trip");
        csv.Skip(1).Select(r => r[0]).Should().Equal(sql.Select(r => ((DateTime)r[0]!).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture)));
        sql.Should().Contain(r => ((string?)r[2] ?? "").Contains(',') || ((string?)r[2] ?? "").Contains('\''), "the demo's failure reasons exercise the quoting");

        var reasons = Parse(await fixture.Http.GetStringAsync(fixture.BaseUrl + "/csv/problematic-connectors"));
        var column = reasons[0].IndexOf("reasons");
        reasons.Skip(1).Select(r => r[column]).Should().Equal(
            fixture.Sql("select reasons from fct_fivetran_logs.fct_fivetran_problematic_connectors order by severity_score desc, connection_id").Rows.Select(r => (string)r[0]!));
    }

    /// <summary>An RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; lines end with CRLF.</summary>
    internal static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                c.Should().NotBe('\n', "a bare LF is not a CSV line end");
                field.Append(c);
            }
        }

        quoted.Should().BeFalse();
        row.Should().BeEmpty("the last line ends with CRLF");
        return rows;
    }

    [GeneratedRegex("data-table=\"([^\"]+)\" data-rows=\"([0-9]+)\"")]
    private static partial Regex ShownRows();
}
