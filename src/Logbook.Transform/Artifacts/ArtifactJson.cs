using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Logbook.Transform.Artifacts;

/// <summary>Shared JSON conventions of the artifacts: UTC timestamps with microseconds and a trailing Z, indented.</summary>
internal static class ArtifactJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Timestamp(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Converts a configuration value (YAML or template literal) to JSON.</summary>
    public static JsonNode? Value(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        long number => JsonValue.Create(number),
        int number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        decimal number => JsonValue.Create(number),
        IReadOnlyDictionary<string, object?> map => new JsonObject(map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, Value(e.Value)))),
        IDictionary<string, object?> map => new JsonObject(map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, Value(e.Value)))),
        System.Collections.IEnumerable items => new JsonArray([.. items.Cast<object?>().Select(Value)]),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    public static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]);
}
