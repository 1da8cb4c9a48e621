using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Logbook.Soc2.Api;

/// <summary>
/// The Fivetran REST API, read-only. Basic auth; every collection paged with <c>limit</c> and <c>cursor</c> until
/// <c>next_cursor</c> is missing, null or empty (never on a short page), de-duplicated by id; transient failures
/// (429 with its <c>Retry-After</c>, 5xx, timeouts, network errors, malformed JSON) retried by a Polly pipeline with
/// exponential back-off and jitter; other 4xx fail at once with the API's code and message. Every attempt is
/// reported to the <see cref="IApiCallObserver"/>. Paths are the current <c>/connections</c> ones; the old
/// <c>/connectors</c> spellings are aliases the API kept, and are never called.
/// </summary>
public sealed class FivetranApiClient : IDisposable
{
    private readonly FivetranApiOptions _options;
    private readonly IApiCallObserver _observer;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<AttemptResult> _pipeline;
    private readonly SemaphoreSlim _inFlight;
    private readonly SemaphoreSlim _lowQuota = new(1, 1);
    private readonly AuthenticationHeaderValue _authorization;
    private long _rateLimitRemaining = long.MaxValue;

    public FivetranApiClient(FivetranApiOptions options, IApiCallObserver observer, HttpMessageHandler? handler = null)
    {
        _options = options;
        _observer = observer;
        var baseUrl = options.BaseUrl.TrimEnd('/') + "/";
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"base_url '{options.BaseUrl}' is not an http(s) URL", nameof(options));
        }

        // The pipeline's timeout bounds each attempt; the HttpClient's own must not cut in first.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            BaseAddress = baseUri,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Logbook", UserAgentVersion));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("(soc2-connector)"));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ApiKey}:{options.ApiSecret}")));
        _inFlight = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
        _pipeline = BuildPipeline(options, RetryDelays);
    }

    public static string UserAgentVersion { get; } = typeof(FivetranApiClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The waits chosen before each retry, in order (tests read them rather than time the client).</summary>
    internal System.Collections.Concurrent.ConcurrentQueue<TimeSpan> RetryDelays { get; } = new();

    /// <summary>API calls made so far, retries included.</summary>
    public int Attempts => _attempts;

    private int _attempts;

    // --- The endpoints (seed 002's thirteen, plus account info, groups, connections and team connections) ---

    public Task<AccountInfo?> GetAccountInfoAsync(CancellationToken ct = default) => GetAsync<AccountInfo>("account/info", ct);

    public Task<IReadOnlyList<ApiTeam>> ListTeamsAsync(CancellationToken ct = default) => ListAsync<ApiTeam>("teams", t => t.Id, ct);

    public Task<ApiTeam?> GetTeamAsync(string teamId, CancellationToken ct = default) => GetAsync<ApiTeam>($"teams/{Escape(teamId)}", ct);

    public Task<IReadOnlyList<ApiMembership>> ListTeamGroupsAsync(string teamId, CancellationToken ct = default) =>
        ListAsync<ApiMembership>($"teams/{Escape(teamId)}/groups", m => m.Id, ct);

    public Task<IReadOnlyList<ApiMembership>> ListTeamUsersAsync(string teamId, CancellationToken ct = default) =>
        ListAsync<ApiMembership>($"teams/{Escape(teamId)}/users", m => m.UserId, ct);

    public Task<IReadOnlyList<ApiMembership>> ListTeamConnectionsAsync(string teamId, CancellationToken ct = default) =>
        ListAsync<ApiMembership>($"teams/{Escape(teamId)}/connections", m => m.Id, ct);

    public Task<ApiMembership?> GetTeamGroupAsync(string teamId, string groupId, CancellationToken ct = default) =>
        GetAsync<ApiMembership>($"teams/{Escape(teamId)}/groups/{Escape(groupId)}", ct);

    public Task<ApiMembership?> GetTeamUserAsync(string teamId, string userId, CancellationToken ct = default) =>
        GetAsync<ApiMembership>($"teams/{Escape(teamId)}/users/{Escape(userId)}", ct);

    public Task<IReadOnlyList<ApiRole>> ListRolesAsync(CancellationToken ct = default) => ListAsync<ApiRole>("roles", r => r.Name, ct);

    public Task<IReadOnlyList<ApiUser>> ListUsersAsync(CancellationToken ct = default) => ListAsync<ApiUser>("users", u => u.Id, ct);

    public Task<ApiUser?> GetUserAsync(string userId, CancellationToken ct = default) => GetAsync<ApiUser>($"users/{Escape(userId)}", ct);

    public Task<IReadOnlyList<ApiMembership>> ListUserConnectionsAsync(string userId, CancellationToken ct = default) =>
        ListAsync<ApiMembership>($"users/{Escape(userId)}/connections", m => m.Id, ct);

    public Task<IReadOnlyList<ApiMembership>> ListUserGroupsAsync(string userId, CancellationToken ct = default) =>
        ListAsync<ApiMembership>($"users/{Escape(userId)}/groups", m => m.Id, ct);

    public Task<ApiMembership?> GetUserConnectionAsync(string userId, string connectionId, CancellationToken ct = default) =>
        GetAsync<ApiMembership>($"users/{Escape(userId)}/connections/{Escape(connectionId)}", ct);

    public Task<ApiMembership?> GetUserGroupAsync(string userId, string groupId, CancellationToken ct = default) =>
        GetAsync<ApiMembership>($"users/{Escape(userId)}/groups/{Escape(groupId)}", ct);

    public Task<IReadOnlyList<ApiGroup>> ListGroupsAsync(CancellationToken ct = default) => ListAsync<ApiGroup>("groups", g => g.Id, ct);

    public Task<IReadOnlyList<ApiConnection>> ListConnectionsAsync(CancellationToken ct = default) => ListAsync<ApiConnection>("connections", c => c.Id, ct);

    // --- Paging and single objects ---

    /// <summary>Every item of a collection, first occurrence of each key kept (offset cursors can repeat items).</summary>
    internal async Task<IReadOnlyList<T>> ListAsync<T>(string path, Func<T, string?> key, CancellationToken ct)
    {
        var items = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        var pages = 0;
        do
        {
            var query = $"{path}?limit={_options.PageSize.ToString(CultureInfo.InvariantCulture)}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var body = await SendAsync(query, ct).ConfigureAwait(false);
            var page = Deserialize<Page<T>>(query, body);
            foreach (var item in page?.Items ?? [])
            {
                if (item is not null && (key(item) is not { } id || seen.Add(id)))
                {
                    items.Add(item);
                }
            }

            var next = page?.NextCursor;
            if (!string.IsNullOrEmpty(next) && next == cursor)
            {
                throw new FivetranApiException("/" + query, HttpStatusCode.OK, null, "the API returned the same next_cursor again");
            }

            cursor = string.IsNullOrEmpty(next) ? null : next;
            pages++;
        }
        while (cursor is not null && pages < 1_000_000);

        return items;
    }

    /// <summary>One object; null when the API answers 404 (no such entity or membership).</summary>
    internal async Task<T?> GetAsync<T>(string path, CancellationToken ct)
        where T : class
    {
        try
        {
            return Deserialize<T>(path, await SendAsync(path, ct).ConfigureAwait(false));
        }
        catch (FivetranApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private static T? Deserialize<T>(string path, string body)
        where T : class
    {
        // The body was checked to be JSON by the attempt; the envelope's data may still be null.
        var envelope = JsonSerializer.Deserialize<Envelope<T>>(body, LenientJson.Options);
        return envelope?.Data ?? throw new FivetranApiException("/" + path, HttpStatusCode.OK, envelope?.Code, "the response has no data");
    }

    private async Task<string> SendAsync(string relative, CancellationToken ct)
    {
        var endpoint = new Uri(_http.BaseAddress!, relative).PathAndQuery;
        var attempt = 0;
        AttemptResult result;
        try
        {
            result = await _pipeline.ExecuteAsync(
                async token => await AttemptAsync(relative, endpoint, Interlocked.Increment(ref attempt), token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            throw new FivetranApiException(endpoint, null, null, e is TimeoutRejectedException ? $"timed out after {_options.RequestTimeout.TotalSeconds:0.#} s, {attempt} attempts" : $"{e.Message} ({attempt} attempts)", e);
        }

        if (result.IsSuccess)
        {
            return result.Body;
        }

        var suffix = result.IsTransient && attempt > 1 ? $" (gave up after {attempt} attempts)" : "";
        throw new FivetranApiException(endpoint, result.Status, result.ErrorCode, (result.ErrorMessage ?? (result.Malformed ? "the response is not valid JSON" : null)) + suffix);
    }

    private async ValueTask<AttemptResult> AttemptAsync(string relative, string endpoint, int attempt, CancellationToken token)
    {
        var lowQuota = Interlocked.Read(ref _rateLimitRemaining) < _options.LowQuotaThreshold;
        await _inFlight.WaitAsync(token).ConfigureAwait(false);
        if (lowQuota)
        {
            await _lowQuota.WaitAsync(token).ConfigureAwait(false);
        }

        var timestamp = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        Interlocked.Increment(ref _attempts);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, relative);
            request.Headers.Authorization = _authorization;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            var result = AttemptResult.From(response, body);
            if (result.RateLimitRemaining is { } remaining)
            {
                Interlocked.Exchange(ref _rateLimitRemaining, remaining);
            }

            _observer.Record(new ApiCall(
                Guid.NewGuid().ToString("N"), timestamp, endpoint, "GET", RequestData(relative), ResponseRedactor.Redact(body, _options.ResponseLogCap),
                result.IsSuccess, result.RecordCount, (int)result.Status, clock.Elapsed.TotalMilliseconds, attempt, result.ErrorCode, result.RateLimitRemaining));
            return result;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && token.IsCancellationRequested))
        {
            var timedOut = e is OperationCanceledException;
            _observer.Record(new ApiCall(
                Guid.NewGuid().ToString("N"), timestamp, endpoint, "GET", RequestData(relative), timedOut ? "[no response: timed out or cancelled]" : $"[no response: {e.Message}]",
                false, null, null, clock.Elapsed.TotalMilliseconds, attempt, timedOut ? "Timeout" : "NetworkError", null));
            throw;
        }
        finally
        {
            if (lowQuota)
            {
                _lowQuota.Release();
            }

            _inFlight.Release();
        }
    }

    private static ResiliencePipeline<AttemptResult> BuildPipeline(FivetranApiOptions options, System.Collections.Concurrent.ConcurrentQueue<TimeSpan> delays)
    {
        var builder = new ResiliencePipelineBuilder<AttemptResult>();
        // Polly refuses a retry strategy with no attempts; max_retries: 0 means no retry strategy at all.
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                ShouldHandle = new PredicateBuilder<AttemptResult>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(result => result.IsTransient),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                // A 429 waits what the API asks (capped); everything else takes the exponential back-off.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { Status: HttpStatusCode.TooManyRequests, RetryAfter: { } wait }
                        ? (TimeSpan?)(wait < options.RetryAfterCap ? wait : options.RetryAfterCap)
                        : null),
                OnRetry = args =>
                {
                    delays.Enqueue(args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.AddTimeout(options.RequestTimeout).Build();
    }

    private static string Escape(string id) => Uri.EscapeDataString(id);

    /// <summary>A GET has no body: its query parameters (limit, cursor) as a JSON object are what was asked; null without any.</summary>
    private static string? RequestData(string relative)
    {
        var question = relative.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return null;
        }

        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in relative[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            parameters[Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals])] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
        }

        return JsonSerializer.Serialize(parameters);
    }

    public void Dispose()
    {
        _http.Dispose();
        _inFlight.Dispose();
        _lowQuota.Dispose();
    }

    /// <summary>One attempt's answer, read whole so it can be logged and retried.</summary>
    internal sealed record AttemptResult(HttpStatusCode Status, string Body, bool Malformed, string? ErrorCode, string? ErrorMessage, int? RecordCount, TimeSpan? RetryAfter, long? RateLimitRemaining)
    {
        public bool IsSuccess => (int)Status is >= 200 and < 300 && !Malformed;

        public bool IsTransient => Status == HttpStatusCode.TooManyRequests || (int)Status >= 500 || (Malformed && (int)Status is >= 200 and < 300);

        public static AttemptResult From(HttpResponseMessage response, string body)
        {
            var status = response.StatusCode;
            string? code = null, message = null;
            int? count = null;
            var malformed = false;
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
                    {
                        count = data.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : 1;
                    }
                }
                else
                {
                    malformed = true;
                }
            }
            catch (JsonException)
            {
                malformed = true;
            }

            var success = (int)status is >= 200 and < 300;
            return new AttemptResult(
                status, body, malformed, success ? (malformed ? "MalformedJson" : null) : code ?? status.ToString(), success ? null : message, success && !malformed ? count : null,
                RetryAfterOf(response), HeaderNumber(response, "X-Rate-Limit-Remaining"));
        }

        private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
        {
            if (response.Headers.RetryAfter is { } header)
            {
                if (header.Delta is { } delta)
                {
                    return delta;
                }

                if (header.Date is { } date)
                {
                    var wait = date - DateTimeOffset.UtcNow;
                    return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
                }
            }

            return null;
        }

        private static long? HeaderNumber(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : null;
    }
}
