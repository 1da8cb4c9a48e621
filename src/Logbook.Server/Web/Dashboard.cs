using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Logbook.Server.Web;

/// <summary>The dashboard's pages (docs/serve.md).</summary>
internal static class Dashboard
{
    public static void Map(WebApplication app, ServerContext context)
    {
        app.MapGet("/", () => Results.Content("<!doctype html><title>Logbook</title><h1>Logbook</h1><ul><li><a href=\"/internal/analytics-sync\">Replication health</a></li><li><a href=\"/metrics\">Metrics</a></li><li><a href=\"/api/jobs\">Jobs</a></li></ul>", "text/html; charset=utf-8"));
    }
}
