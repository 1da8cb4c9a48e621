namespace Logbook.Soc2.Api;

/// <summary>How the client reaches the API and how hard it retries. The defaults are the documented ones.</summary>
public sealed record FivetranApiOptions
{
    public const string DefaultBaseUrl = "https://api.fivetran.com/v1";

    public required string ApiKey { get; init; }

    public required string ApiSecret { get; init; }

    /// <summary>The API root, <c>/v1</c> included (a local fake: <c>http://127.0.0.1:port/v1</c>).</summary>
    public string BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Per attempt, not per call with its retries.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a transient failure (429, 5xx, timeout, network error, malformed JSON) after the first attempt.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first back-off of 5xx/timeouts; it doubles each retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a 429's <c>Retry-After</c> is honoured for (the API documents waits of up to an hour).</summary>
    public TimeSpan RetryAfterCap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Calls in flight at once (per-user and per-team crawls).</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>When <c>X-Rate-Limit-Remaining</c> falls below this, calls go one at a time.</summary>
    public int LowQuotaThreshold { get; init; } = 50;

    /// <summary>Items per page (the API's maximum).</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>Response bodies stored in <c>api_logs</c> are cut at this many characters.</summary>
    public int ResponseLogCap { get; init; } = 16_384;
}
