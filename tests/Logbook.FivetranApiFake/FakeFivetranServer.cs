using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Logbook.FivetranApiFake;

/// <summary>
/// Serves a <see cref="FakeAccount"/> as the Fivetran REST API on a free loopback port: Basic auth (401 otherwise),
/// <c>NotFound_*</c> 404s, cursor paging (unpadded base64url of <c>{"skip":N}</c>, <c>limit</c> 1..1000, default
/// 100, else 400 <c>InvalidInput</c>) whose last pages end with <c>next_cursor</c> missing, null or empty in turn,
/// quota headers, the old <c>/connectors</c> paths as aliases, and the faults of <see cref="Faults"/>.
/// </summary>
public sealed class FakeFivetranServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _authorization;
    private int _requests;
    private long _quotaRemaining;

    private FakeFivetranServer(FakeAccount account, string apiKey, string apiSecret, int port, TimeSpan latency, long quota)
    {
        Account = account;
        Latency = latency;
        _quotaRemaining = quota;
        _authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{apiKey}:{apiSecret}"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public FakeAccount Account { get; }

    public FaultPlan Faults { get; } = new();

    /// <summary>Added to every answer (the benchmark's 20 ms).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Called with each request's path and query before it is answered (tests cancel runs from here).</summary>
    public Action<string>? OnRequest { get; set; }

    public int Requests => _requests;

    /// <summary>The most requests that were in flight at once (the client's concurrency bound, seen from outside).</summary>
    public int MaxInFlight => _maxInFlight;

    private int _inFlight;
    private int _maxInFlight;

    /// <summary>Paths and queries served, in order.</summary>
    public ConcurrentLog Log { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeFivetranServer> StartAsync(FakeAccount account, string apiKey, string apiSecret, int port = 0, TimeSpan latency = default, long quota = 20_000)
    {
        var server = new FakeFivetranServer(account, apiKey, apiSecret, port, latency, quota);
        await server._app.StartAsync().ConfigureAwait(false);
        var address = server._app.Urls.First();
        server.BaseUrl = address.TrimEnd('/') + "/v1";
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref _inFlight);
        for (var seen = _maxInFlight; now > seen; seen = _maxInFlight)
        {
            Interlocked.CompareExchange(ref _maxInFlight, now, seen);
        }

        try
        {
            await ServeAsync(context).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var pathAndQuery = request.Path + request.QueryString;
        Interlocked.Increment(ref _requests);
        Log.Add(pathAndQuery);
        OnRequest?.Invoke(pathAndQuery);
        var response = context.Response;
        var remaining = Math.Max(0, Interlocked.Decrement(ref _quotaRemaining));
        response.Headers["X-Rate-Limit"] = "20000";
        response.Headers["X-Rate-Limit-Remaining"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted).ConfigureAwait(false);
        }

        if (request.Headers.Authorization.ToString() != _authorization)
        {
            await WriteAsync(response, HttpStatusCode.Unauthorized, new JsonObject { ["code"] = "AuthFailed", ["message"] = "Invalid API key or secret" }).ConfigureAwait(false);
            return;
        }

        if (Faults.Take(pathAndQuery) is { } fault)
        {
            switch (fault.Kind)
            {
                case FaultKind.TooManyRequests:
                    response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await WriteAsync(response, HttpStatusCode.TooManyRequests, new JsonObject { ["code"] = "TooManyRequests", ["message"] = "No more than 20000 requests per hour" }).ConfigureAwait(false);
                    return;
                case FaultKind.ServerError:
                    await WriteAsync(response, HttpStatusCode.InternalServerError, new JsonObject { ["code"] = "InternalError", ["message"] = "Something went wrong" }).ConfigureAwait(false);
                    return;
                case FaultKind.MalformedJson:
                    response.StatusCode = 200;
                    response.ContentType = "application/json";
                    await response.WriteAsync("{\"code\":\"Success\",\"data\":{\"items\":[{\"id\":", context.RequestAborted).ConfigureAwait(false);
                    return;
                case FaultKind.Slow:
                    await Task.Delay(fault.Delay, context.RequestAborted).ConfigureAwait(false);
                    break;
            }
        }

        if (request.Method != "GET")
        {
            await WriteAsync(response, HttpStatusCode.MethodNotAllowed, new JsonObject { ["code"] = "MethodNotAllowed", ["message"] = "read-only fake" }).ConfigureAwait(false);
            return;
        }

        var segments = request.Path.Value!.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        if (segments.Length == 0 || segments[0] != "v1")
        {
            await NotFoundAsync(response, "NotFound", "no such path").ConfigureAwait(false);
            return;
        }

        // The renamed paths: /connectors answers as /connections.
        var path = segments.Skip(1).Select(s => s == "connectors" ? "connections" : s).ToArray();
        await RouteAsync(context, path).ConfigureAwait(false);
    }

    private Task RouteAsync(HttpContext context, string[] path)
    {
        var a = Account;
        var response = context.Response;
        lock (a)
        {
            switch (path)
            {
                case ["account", "info"]:
                    return ObjectAsync(response, new JsonObject { ["account_id"] = a.AccountId, ["account_name"] = a.AccountName, ["user_id"] = "user_00000" });
                case ["users"]:
                    return PageAsync(context, a.Users);
                case ["users", var u]:
                    return Find(a.Users, "id", u) is { } user ? ObjectAsync(response, user) : NotFoundAsync(response, "NotFound_User", $"User with id '{u}' doesn't exist");
                case ["users", var u, "groups"]:
                    return a.UserGroups.TryGetValue(u, out var ug) ? PageAsync(context, ug) : NotFoundAsync(response, "NotFound_User", $"User with id '{u}' doesn't exist");
                case ["users", var u, "connections"]:
                    return a.UserConnections.TryGetValue(u, out var uc) ? PageAsync(context, uc) : NotFoundAsync(response, "NotFound_User", $"User with id '{u}' doesn't exist");
                case ["users", var u, "groups", var g]:
                    return a.UserGroups.TryGetValue(u, out var ug2) && Find(ug2, "id", g) is { } m1 ? ObjectAsync(response, m1) : NotFoundAsync(response, "NotFound_User", "User not found");
                case ["users", var u, "connections", var c]:
                    return a.UserConnections.TryGetValue(u, out var uc2) && Find(uc2, "id", c) is { } m2 ? ObjectAsync(response, m2) : NotFoundAsync(response, "NotFound_User", "User not found");
                case ["teams"]:
                    return PageAsync(context, a.Teams);
                case ["teams", var t]:
                    return Find(a.Teams, "id", t) is { } team ? ObjectAsync(response, team) : NotFoundAsync(response, "NotFound_Team", $"Team with id '{t}' doesn't exist");
                case ["teams", var t, "users"]:
                    return a.TeamUsers.TryGetValue(t, out var tu) ? PageAsync(context, tu) : NotFoundAsync(response, "NotFound_Team", $"Team with id '{t}' doesn't exist");
                case ["teams", var t, "groups"]:
                    return a.TeamGroups.TryGetValue(t, out var tg) ? PageAsync(context, tg) : NotFoundAsync(response, "NotFound_Team", $"Team with id '{t}' doesn't exist");
                case ["teams", var t, "connections"]:
                    return a.TeamConnections.TryGetValue(t, out var tc) ? PageAsync(context, tc) : NotFoundAsync(response, "NotFound_Team", $"Team with id '{t}' doesn't exist");
                case ["teams", var t, "users", var u]:
                    return a.TeamUsers.TryGetValue(t, out var tu2) && Find(tu2, "user_id", u) is { } m3 ? ObjectAsync(response, m3) : NotFoundAsync(response, "NotFound_User", "User not found in team");
                case ["teams", var t, "groups", var g]:
                    return a.TeamGroups.TryGetValue(t, out var tg2) && Find(tg2, "id", g) is { } m4 ? ObjectAsync(response, m4) : NotFoundAsync(response, "NotFound_Group", "Group membership not found");
                case ["teams", var t, "connections", var c]:
                    return a.TeamConnections.TryGetValue(t, out var tc2) && Find(tc2, "id", c) is { } m5 ? ObjectAsync(response, m5) : NotFoundAsync(response, "NotFound_Connection", "Connection membership not found");
                case ["roles"]:
                    return PageAsync(context, a.Roles);
                case ["groups"]:
                    return PageAsync(context, a.Groups);
                case ["groups", var g]:
                    return Find(a.Groups, "id", g) is { } group ? ObjectAsync(response, group) : NotFoundAsync(response, "NotFound_Group", $"Group with id '{g}' doesn't exist");
                case ["groups", var g, "connections"]:
                    return PageAsync(context, a.Connections.Where(c => (string?)c["group_id"] == g).ToList());
                case ["connections"]:
                    var groupFilter = context.Request.Query["group_id"].ToString();
                    return PageAsync(context, string.IsNullOrEmpty(groupFilter) ? a.Connections : a.Connections.Where(c => (string?)c["group_id"] == groupFilter).ToList());
                case ["connections", var c]:
                    return Find(a.Connections, "id", c) is { } connection ? ObjectAsync(response, connection) : NotFoundAsync(response, "NotFound_Connection", $"Connection with id '{c}' doesn't exist");
                default:
                    return NotFoundAsync(response, "NotFound", "no such endpoint");
            }
        }
    }

    private static JsonObject? Find(List<JsonObject> items, string key, string id) => items.FirstOrDefault(i => (string?)i[key] == id);

    private Task PageAsync(HttpContext context, List<JsonObject> items)
    {
        var query = context.Request.Query;
        var limit = 100;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, out limit) || limit is < 1 or > 1000))
        {
            return WriteAsync(context.Response, HttpStatusCode.BadRequest, new JsonObject { ["code"] = "InvalidInput", ["message"] = "Field 'limit' must be in the range 1..1000" });
        }

        var skip = 0;
        if (query.TryGetValue("cursor", out var cursor) && !TryDecodeCursor(cursor.ToString(), out skip))
        {
            return WriteAsync(context.Response, HttpStatusCode.BadRequest, new JsonObject { ["code"] = "InvalidInput", ["message"] = "Invalid cursor" });
        }

        var page = new JsonArray(items.Skip(skip).Take(limit).Select(i => i.DeepClone()).ToArray());
        var data = new JsonObject { ["items"] = page };
        var next = skip + limit;
        if (next < items.Count)
        {
            data["next_cursor"] = EncodeCursor(next);
        }
        else
        {
            // The three ways the real API ends a collection, chosen per path so every one is exercised.
            switch (Math.Abs(StringComparer.Ordinal.GetHashCode(context.Request.Path.Value!) % 3))
            {
                case 0:
                    break;
                case 1:
                    data["next_cursor"] = null;
                    break;
                default:
                    data["next_cursor"] = "";
                    break;
            }
        }

        return ObjectAsync(context.Response, data);
    }

    public static string EncodeCursor(int skip) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"skip\":{skip}}}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecodeCursor(string cursor, out int skip)
    {
        skip = 0;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            using var document = JsonDocument.Parse(Convert.FromBase64String(base64));
            skip = document.RootElement.GetProperty("skip").GetInt32();
            return skip >= 0;
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static Task ObjectAsync(HttpResponse response, JsonNode data) =>
        WriteAsync(response, HttpStatusCode.OK, new JsonObject { ["code"] = "Success", ["message"] = "Operation performed.", ["data"] = data.DeepClone(), ["unknown_extra"] = 1 });

    private static Task NotFoundAsync(HttpResponse response, string code, string message) =>
        WriteAsync(response, HttpStatusCode.NotFound, new JsonObject { ["code"] = code, ["message"] = message });

    private static Task WriteAsync(HttpResponse response, HttpStatusCode status, JsonObject body)
    {
        response.StatusCode = (int)status;
        response.ContentType = "application/json";
        return response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A thread-safe list of the paths served.</summary>
public sealed class ConcurrentLog
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _items = new();

    public void Add(string item) => _items.Enqueue(item);

    public IReadOnlyList<string> Snapshot() => _items.ToArray();
}
