using System.Net;

namespace Logbook.Soc2.Api;

/// <summary>
/// A call the API refused or that kept failing: the HTTP status, the API's <c>code</c> and <c>message</c> when it
/// sent them, and the endpoint. The message is one line and never contains a credential.
/// </summary>
public sealed class FivetranApiException : Exception
{
    public FivetranApiException(string endpoint, HttpStatusCode? status, string? code, string? apiMessage, Exception? inner = null)
        : base(Describe(endpoint, status, code, apiMessage), inner)
    {
        Endpoint = endpoint;
        Status = status;
        Code = code;
    }

    public string Endpoint { get; }

    /// <summary>Null when no answer came (network error, timeout).</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The API's error code, e.g. <c>NotFound_User</c>, <c>TooManyRequests</c>.</summary>
    public string? Code { get; }

    public bool IsNotFound => Status == HttpStatusCode.NotFound;

    private static string Describe(string endpoint, HttpStatusCode? status, string? code, string? apiMessage)
    {
        var what = status is { } s ? $"HTTP {(int)s}" : "no response";
        var detail = (code, apiMessage) switch
        {
            (null, null) => "",
            (_, null) => $": {code}",
            (null, _) => $": {apiMessage}",
            _ => $": {code}: {apiMessage}",
        };
        var hint = status == HttpStatusCode.Unauthorized ? " (check api_key and api_secret)" : "";
        return $"Fivetran API GET {endpoint} failed with {what}{detail}{hint}".ReplaceLineEndings(" ");
    }
}
