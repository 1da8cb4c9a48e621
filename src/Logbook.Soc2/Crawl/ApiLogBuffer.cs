using System.Collections.Concurrent;
using Logbook.Soc2.Api;

namespace Logbook.Soc2.Crawl;

/// <summary>Collects the client's attempts until the next commit writes them to <c>api_logs</c>.</summary>
internal sealed class ApiLogBuffer : IApiCallObserver
{
    private readonly ConcurrentQueue<ApiCall> _calls = new();

    public int Total => _total;

    private int _total;

    public void Record(ApiCall call)
    {
        _calls.Enqueue(call);
        Interlocked.Increment(ref _total);
    }

    /// <summary>Takes what is queued, as <c>api_logs</c> rows.</summary>
    public List<object?[]> Drain(string invocationId)
    {
        var rows = new List<object?[]>();
        while (_calls.TryDequeue(out var c))
        {
            rows.Add([
                c.LogId, c.Timestamp, c.Endpoint, c.Method, c.RequestData, c.ResponseData, c.Succeeded ? "SUCCESS" : "FAILED", c.RecordCount,
                c.HttpStatus, c.DurationMs, c.Attempt, c.ErrorCode, c.RateLimitRemaining, invocationId,
            ]);
        }

        return rows;
    }
}
