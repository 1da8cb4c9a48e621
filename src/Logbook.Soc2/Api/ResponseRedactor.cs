using System.Text.Json;
using System.Text.Json.Nodes;

namespace Logbook.Soc2.Api;

/// <summary>
/// Makes a response body safe to store in <c>api_logs</c>: properties that carry configuration or credentials
/// (a connection's <c>config</c>, anything named like a secret, password, token or key) are replaced by
/// <c>"[redacted]"</c>, and the text is capped. Bodies that are not JSON are capped as they are.
/// </summary>
internal static class ResponseRedactor
{
    private const string Redacted = "[redacted]";

    public static string? Redact(string? body, int cap)
    {
        if (string.IsNullOrEmpty(body))
        {
            return body;
        }

        string text;
        try
        {
            var node = JsonNode.Parse(body);
            Scrub(node);
            text = node?.ToJsonString() ?? "null";
        }
        catch (JsonException)
        {
            text = body;
        }

        return text.Length <= cap ? text : string.Concat(text.AsSpan(0, cap), $"...[truncated, {text.Length:N0} characters]");
    }

    internal static bool IsSensitive(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower is "config" or "connect_card_config" or "external_secrets_keys_config" or "authorization"
            || lower.Contains("secret", StringComparison.Ordinal) || lower.Contains("password", StringComparison.Ordinal)
            || lower.Contains("token", StringComparison.Ordinal) || lower.Contains("api_key", StringComparison.Ordinal)
            || lower.Contains("private_key", StringComparison.Ordinal);
    }

    private static void Scrub(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsSensitive(name))
                    {
                        obj[name] = Redacted;
                    }
                    else
                    {
                        Scrub(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Scrub(item);
                }

                break;
        }
    }
}
