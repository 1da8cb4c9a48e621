using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Logbook.Server.Web;

/// <summary>
/// The dashboard's static files, embedded in this assembly and served from <c>/assets/</c>: Chart.js (fetched from
/// npm at build time and checked against its pinned SHA-256 by build/ChartJs.targets), the dashboard's script and
/// its style sheet. Pages link them with <c>?v=&lt;content hash&gt;</c>, so they can be cached for a year.
/// </summary>
internal static class DashboardAssets
{
    public const string ChartJs = "chart.umd.js";
    public const string Script = "dashboard.js";
    public const string Css = "dashboard.css";

    private const string ResourcePrefix = "Logbook.Server.Web.Assets.";

    private static readonly FrozenDictionary<string, Asset> s_assets = Load();

    /// <summary>The pinned Chart.js version (build/ChartJs.targets).</summary>
    public static string ChartJsVersion { get; } = Metadata("ChartJsVersion");

    /// <summary>The pinned SHA-256 of dist/chart.umd.js (upper-case hex).</summary>
    public static string ChartJsSha256 { get; } = Metadata("ChartJsSha256");

    public static string Url(string name) => $"/assets/{name}?v={s_assets[name].Version}";

    /// <summary>Serves <c>/assets/{name}</c>: 404 for anything but the three files.</summary>
    public static IResult Serve(string name, HttpContext http)
    {
        if (!s_assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var (name, type) in new[] { (ChartJs, "text/javascript; charset=utf-8"), (Script, "text/javascript; charset=utf-8"), (Css, "text/css; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name)
                ?? throw new InvalidOperationException($"the dashboard asset {name} is not embedded in {assembly.GetName().Name} (build/ChartJs.targets)");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var content = memory.ToArray();
            var hash = Convert.ToHexString(SHA256.HashData(content));
            assets[name] = new Asset(content, type, hash[..16].ToLowerInvariant());
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Metadata(string key) =>
        typeof(DashboardAssets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value ?? "";

    private sealed record Asset(byte[] Content, string ContentType, string Version);
}
