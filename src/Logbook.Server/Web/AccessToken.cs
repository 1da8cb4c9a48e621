using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Logbook.Server.Web;

/// <summary>
/// The access token rule: binding beyond loopback requires a token, and with a token every path but the health
/// probes needs it, as <c>Authorization: Bearer</c>, a <c>?token=</c> (which sets a cookie for the pages' links) or
/// that cookie. Compared in constant time.
/// </summary>
public static class AccessToken
{
    public const string Cookie = "logbook_token";

    private static readonly string[] s_open = ["/healthz", "/readyz"];

    /// <summary>Throws when an address of <paramref name="urls"/> is not loopback and no token is configured.</summary>
    public static void CheckBinding(string urls, string? token)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                throw new ArgumentException($"--urls: '{url}' is not an address such as http://127.0.0.1:5080");
            }

            var loopback = uri.Host == "localhost" || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
            if (!loopback && string.IsNullOrEmpty(token))
            {
                throw new ArgumentException($"--urls {url} listens beyond this machine: set {ServerOptions.TokenVariable} to an access token first");
            }
        }
    }

    public static async Task Middleware(HttpContext context, string token, Func<Task> next)
    {
        var path = context.Request.Path.Value ?? "/";
        if (s_open.Contains(path, StringComparer.Ordinal))
        {
            await next();
            return;
        }

        var offered = context.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..]
            : context.Request.Query["token"].ToString() is { Length: > 0 } query ? query
            : context.Request.Cookies[Cookie];
        if (offered is not null && Matches(offered, token))
        {
            if (context.Request.Query.ContainsKey("token"))
            {
                context.Response.Cookies.Append(Cookie, offered, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
            }

            await next();
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.Response.WriteAsync("401: this Logbook server needs its access token (Authorization: Bearer <token>, or ?token=<token>)\n");
    }

    private static bool Matches(string offered, string token) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(offered)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
