namespace Logbook.Soc2.Api;

/// <summary>
/// One HTTP attempt, for the <c>api_logs</c> audit trail: what was asked (path and query, never a header), what
/// came back (the body with connection <c>config</c> removed, capped), and how long it took.
/// </summary>
public sealed record ApiCall(
    string LogId,
    DateTime Timestamp,
    string Endpoint,
    string Method,
    string? RequestData,
    string? ResponseData,
    bool Succeeded,
    int? RecordCount,
    int? HttpStatus,
    double DurationMs,
    int Attempt,
    string? ErrorCode,
    long? RateLimitRemaining);

/// <summary>Receives every attempt the client makes, successful or not. Called from several threads.</summary>
public interface IApiCallObserver
{
    void Record(ApiCall call);
}
