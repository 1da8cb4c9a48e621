using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Logbook.Hosting;
using Logbook.Server.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Logbook.Server.Web;

/// <summary>
/// The dashboard (docs/dashboard.md): server-rendered pages over the warehouse, each table downloadable as CSV from
/// <c>/csv/&lt;table id&gt;</c>, charts drawn by Chart.js served from <c>/assets/</c> (nothing is loaded from
/// elsewhere; the Content-Security-Policy says so too). A table whose source does not exist yet shows what to run.
/// </summary>
internal static class Dashboard
{
    private const string SecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The pages, in nav order.</summary>
    public static IReadOnlyList<DashboardPage> Pages { get; } =
    [
        new OverviewPage(),
        new ConnectorsPage(),
        new PerformancePage(),
        new UsagePage(),
        new ErrorsPage(),
        new ActivityPage(),
        new RecommendationsPage(),
        new AccessReviewPage(),
        new ReplicationPage(),
        new RunsPage(),
    ];

    public static void Map(WebApplication app, ServerContext context)
    {
        var tables = Tables();
        var keepAlive = new WarehouseKeepAlive(context.Host.Warehouse);
        app.Lifetime.ApplicationStopping.Register(keepAlive.Dispose);
        foreach (var page in Pages)
        {
            app.MapGet(page.Path, (HttpContext http) =>
            {
                keepAlive.Touch();
                return RenderPage(page, context, http);
            });
        }

        app.MapGet("/csv/{id}", (string id, HttpContext http) => tables.TryGetValue(id, out var table)
            ? Csv(table, context, http, keepAlive)
            : Results.Text($"no dashboard table '{id}'\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound));
        app.MapGet("/assets/{name}", (string name, HttpContext http) => DashboardAssets.Serve(name, http));
    }

    /// <summary>Every table of every page by id; one id names one table.</summary>
    public static IReadOnlyDictionary<string, DashboardTable> Tables()
    {
        var tables = new Dictionary<string, DashboardTable>(StringComparer.Ordinal);
        foreach (var table in Pages.SelectMany(p => p.Tables))
        {
            if (tables.TryGetValue(table.Id, out var known) && !ReferenceEquals(known, table))
            {
                throw new InvalidOperationException($"two dashboard tables are called '{table.Id}'");
            }

            tables[table.Id] = table;
        }

        return tables;
    }

    private static IResult RenderPage(DashboardPage page, ServerContext context, HttpContext http)
    {
        var clock = Stopwatch.StartNew();
        var body = new PageWriter();
        int status;
        try
        {
            using var data = new DashboardData(context);
            page.Render(body, data);
            status = StatusCodes.Status200OK;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            body = new PageWriter().Failed($"the warehouse could not be read: {(e is DbException db ? LogbookHost.DescribeError(db) : e.Message)}");
            status = StatusCodes.Status503ServiceUnavailable;
        }

        var html = Layout.Render(page, Pages, context, body, clock.Elapsed);
        Headers(http, clock.Elapsed);
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static IResult Csv(DashboardTable table, ServerContext context, HttpContext http, WarehouseKeepAlive keepAlive)
    {
        keepAlive.Touch();
        var clock = Stopwatch.StartNew();
        TableData data;
        try
        {
            using var reader = new DashboardData(context);
            data = table.Load(reader);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            return Results.Text($"the warehouse could not be read: {(e is DbException db ? LogbookHost.DescribeError(db) : e.Message)}\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        Headers(http, clock.Elapsed);
        if (data.Missing is { } missing)
        {
            return Results.Text($"no data yet: {missing}\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        if (data.Error is { } error)
        {
            return Results.Text($"could not read {table.Id}: {error}\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status500InternalServerError);
        }

        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{table.Id}.csv\"";
        return Results.Text(DashboardCsv.Write(data), "text/csv; charset=utf-8");
    }

    private static void Headers(HttpContext http, TimeSpan elapsed)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = SecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Server-Timing"] = "render;dur=" + elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
    }
}
