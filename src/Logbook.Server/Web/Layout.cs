using System.Globalization;
using System.Text;
using Logbook.Hosting;

namespace Logbook.Server.Web;

/// <summary>The frame around every page: the nav bar, the page's heading, what it reads, and the scripts for its charts.</summary>
internal static class Layout
{
    public static string Render(DashboardPage current, IReadOnlyList<DashboardPage> pages, ServerContext context, PageWriter body, TimeSpan elapsed)
    {
        var html = new StringBuilder(body.Html.Length + 4096);
        html.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Html.E(current.Title)).Append(" · Logbook</title>")
            .Append("<link rel=\"stylesheet\" href=\"").Append(Html.E(DashboardAssets.Url(DashboardAssets.Css))).Append("\"></head>\n<body data-page=\"")
            .Append(Html.E(current.Name)).Append("\">\n<header><nav><a class=\"brand\" href=\"/\">Logbook</a><ul>");
        foreach (var page in pages)
        {
            html.Append("<li><a data-testid=\"nav-").Append(Html.E(page.Name)).Append("\" href=\"").Append(Html.E(page.Path)).Append('"')
                .Append(ReferenceEquals(page, current) ? " class=\"current\" aria-current=\"page\"" : "").Append('>')
                .Append(Html.E(page.Title)).Append("</a></li>");
        }

        html.Append("</ul></nav></header>\n<main>\n<h1>").Append(Html.E(current.Title)).Append("</h1>\n").Append(body.Html).Append("</main>\n<footer>")
            .Append(Html.E(context.Host.Project.Name)).Append(" · ").Append(Html.E(context.Host.Warehouse.Description)).Append(" · times in UTC · rendered ")
            .Append(Html.E(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))).Append(" in <span data-testid=\"render-ms\">")
            .Append(Html.E(elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture))).Append("</span> ms · Logbook ")
            .Append(Html.E(LogbookHost.ProductVersion)).Append("</footer>\n");
        if (body.Charts > 0)
        {
            html.Append("<script src=\"").Append(Html.E(DashboardAssets.Url(DashboardAssets.ChartJs))).Append("\"></script>\n")
                .Append("<script src=\"").Append(Html.E(DashboardAssets.Url(DashboardAssets.Script))).Append("\"></script>\n");
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }
}
