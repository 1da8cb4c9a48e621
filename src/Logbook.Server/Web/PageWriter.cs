using System.Globalization;
using System.Text;

namespace Logbook.Server.Web;

/// <summary>A key number at the top of a page; <see cref="TestId"/> lets a test read <see cref="Value"/> back.</summary>
internal sealed record Stat(string TestId, string Label, object? Value, string Tone = "")
{
    public string? Display { get; init; }
}

/// <summary>
/// Writes a page's body: key numbers, tables (each with its CSV link), charts and "no data yet" boxes. Every value
/// goes through <see cref="Html.E"/>.
/// </summary>
internal sealed class PageWriter
{
    private static readonly HashSet<string> s_badgeColumns = new(StringComparer.Ordinal)
    {
        "connection_health", "status", "severity", "priority", "compliance_status", "last_run_status", "health", "change_type",
    };

    private readonly StringBuilder _html = new();
    private int _charts;

    public string Html => _html.ToString();

    public int Charts => _charts;

    public PageWriter Intro(string text)
    {
        _html.Append("<p class=\"intro\">").Append(Web.Html.E(text)).Append("</p>\n");
        return this;
    }

    public PageWriter Section(string title)
    {
        _html.Append("<h2>").Append(Web.Html.E(title)).Append("</h2>\n");
        return this;
    }

    public PageWriter Stats(IEnumerable<Stat> stats)
    {
        _html.Append("<div class=\"stats\">\n");
        foreach (var stat in stats)
        {
            _html.Append("<div class=\"stat ").Append(Web.Html.E(stat.Tone)).Append("\" data-testid=\"").Append(Web.Html.E(stat.TestId))
                .Append("\" data-value=\"").Append(Web.Html.E(Web.Html.Raw(stat.Value))).Append("\"><div class=\"stat-value\">")
                .Append(Web.Html.E(stat.Display ?? (stat.Value is null ? "–" : Web.Html.Display(stat.Value)))).Append("</div><div class=\"stat-label\">")
                .Append(Web.Html.E(stat.Label)).Append("</div></div>\n");
        }

        _html.Append("</div>\n");
        return this;
    }

    /// <summary>The box a page or table shows instead of data: what is missing and what to run.</summary>
    public PageWriter NoData(string message)
    {
        _html.Append("<div class=\"nodata\" data-testid=\"nodata\"><strong>No data yet.</strong> ").Append(Web.Html.E(message)).Append("</div>\n");
        return this;
    }

    public PageWriter Failed(string message)
    {
        _html.Append("<div class=\"failed\" data-testid=\"failed\"><strong>Could not read this table.</strong> ").Append(Web.Html.E(message)).Append("</div>\n");
        return this;
    }

    /// <summary>
    /// A titled table with its CSV link; <paramref name="wide"/> columns may wrap (messages, reasons). A table with no
    /// rows says so; a missing source table shows the "no data yet" box.
    /// </summary>
    public PageWriter Table(DashboardTable table, TableData data, string? note = null, params string[] wide)
    {
        _html.Append("<section class=\"table-block\" id=\"").Append(Web.Html.E(table.Id)).Append("\">\n<div class=\"table-head\"><h3>")
            .Append(Web.Html.E(table.Title)).Append("</h3>");
        if (data.HasData)
        {
            _html.Append("<span class=\"count\">").Append(data.Rows.Count.ToString("#,##0", CultureInfo.InvariantCulture))
                .Append(data.Rows.Count == 1 ? " row" : " rows").Append("</span><a class=\"csv\" data-testid=\"csv-")
                .Append(Web.Html.E(table.Id)).Append("\" href=\"").Append(Web.Html.E(table.CsvPath)).Append("\" download>CSV</a>");
        }

        _html.Append("</div>\n");
        if (note is not null)
        {
            _html.Append("<p class=\"note\">").Append(Web.Html.E(note)).Append("</p>\n");
        }

        if (!Box(data))
        {
            if (data.Rows.Count == 0)
            {
                _html.Append("<p class=\"empty\" data-table=\"").Append(Web.Html.E(table.Id)).Append("\" data-rows=\"0\">No rows.</p>\n");
            }
            else
            {
                WriteRows(table.Id, data, wide);
            }
        }

        _html.Append("</section>\n");
        return this;
    }

    /// <summary>A chart (canvas plus its JSON), with the CSV of the table it is drawn from.</summary>
    public PageWriter Chart(string id, string title, ChartSpec spec, DashboardTable source, TableData data, bool small = false)
    {
        _html.Append("<figure class=\"chart").Append(small ? " small" : "").Append("\"><figcaption>").Append(Web.Html.E(title));
        if (data.HasData)
        {
            _html.Append("<a class=\"csv\" href=\"").Append(Web.Html.E(source.CsvPath)).Append("\" download>CSV</a>");
        }

        _html.Append("</figcaption>\n");
        if (!Box(data))
        {
            if (spec.Labels.Count == 0)
            {
                _html.Append("<p class=\"empty\">Nothing to chart yet.</p>\n");
            }
            else
            {
                _charts++;
                var canvas = "chart-" + id;
                _html.Append("<div class=\"canvas-box\"><canvas id=\"").Append(Web.Html.E(canvas)).Append("\" data-chart=\"").Append(Web.Html.E(id))
                    .Append("\" role=\"img\" aria-label=\"").Append(Web.Html.E(title)).Append("\"></canvas></div>\n<script type=\"application/json\" id=\"")
                    .Append(Web.Html.E(canvas)).Append("-data\">").Append(spec.ToJson()).Append("</script>\n");
            }
        }

        _html.Append("</figure>\n");
        return this;
    }

    public PageWriter Raw(string html)
    {
        _html.Append(html);
        return this;
    }

    private bool Box(TableData data)
    {
        if (data.Missing is { } missing)
        {
            NoData(missing);
            return true;
        }

        if (data.Error is { } error)
        {
            Failed(error);
            return true;
        }

        return false;
    }

    private void WriteRows(string id, TableData data, string[] wide)
    {
        var numeric = new bool[data.Columns.Count];
        for (var c = 0; c < numeric.Length; c++)
        {
            numeric[c] = data.Rows.Any(r => r[c] is not null) && data.Rows.All(r => r[c] is null || Web.Html.IsNumber(r[c]));
        }

        _html.Append("<div class=\"scroll\"><table data-table=\"").Append(Web.Html.E(id)).Append("\" data-rows=\"")
            .Append(data.Rows.Count.ToString(CultureInfo.InvariantCulture)).Append("\"><thead><tr>");
        for (var c = 0; c < data.Columns.Count; c++)
        {
            _html.Append(numeric[c] ? "<th class=\"num\">" : "<th>").Append(Web.Html.E(data.Columns[c].Replace('_', ' '))).Append("</th>");
        }

        _html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in data.Rows)
        {
            _html.Append("<tr>");
            for (var c = 0; c < data.Columns.Count; c++)
            {
                var column = data.Columns[c];
                var text = Web.Html.Display(row[c], column);
                var classes = numeric[c] ? "num" : wide.Contains(column, StringComparer.Ordinal) ? "wrap" : "";
                _html.Append("<td data-col=\"").Append(Web.Html.E(column)).Append('"');
                if (classes.Length > 0)
                {
                    _html.Append(" class=\"").Append(classes).Append('"');
                }

                var limit = classes == "wrap" ? Web.Html.WideCellTextLimit : Web.Html.CellTextLimit;
                if (text.Length > limit)
                {
                    _html.Append(" title=\"").Append(Web.Html.E(text)).Append("\">").Append(Web.Html.E(string.Concat(text.AsSpan(0, limit), "…")));
                }
                else if (row[c] is string value && s_badgeColumns.Contains(column))
                {
                    _html.Append("><span class=\"badge ").Append(Tone(value)).Append("\">").Append(Web.Html.E(text)).Append("</span>");
                }
                else
                {
                    _html.Append('>').Append(Web.Html.E(text));
                }

                _html.Append("</td>");
            }

            _html.Append("</tr>\n");
        }

        _html.Append("</tbody></table></div>\n");
    }

    /// <summary>The colour class of a status word.</summary>
    public static string Tone(string? status) => status?.ToLowerInvariant() switch
    {
        "connected" or "ok" or "success" or "successful" or "completed" or "low" or "active" or "granted" or "compliant" => "ok",
        "delayed" or "stale" or "lagging" or "medium" or "warning" or "paused" or "incomplete" or "running" or "inactive" or "pending_invite"
            or "initial sync in progress" or "priority first sync" or "never" or "revoked" => "warn",
        "broken" or "failing" or "failed" or "failure" or "abandoned" or "critical" or "high" or "error" or "unknown_user" or "cancelled" => "bad",
        _ => "neutral",
    };
}
