using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Logbook.Soc2.Api;

/// <summary>
/// Serializer settings for the API's drifting types (go-fivetran's history has "fix unmarshal bool" and friends):
/// timestamps with any number of fraction digits, booleans and numbers sent as strings, unparsable values as null.
/// </summary>
internal static class LenientJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new LenientTimestamp(), new LenientBoolean() },
    };

    /// <summary>Parses an ISO-8601 timestamp as UTC; more than 7 fraction digits are cut; nonsense is null.</summary>
    public static DateTimeOffset? ParseTimestamp(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
    }

    private sealed class LenientTimestamp : JsonConverter<DateTimeOffset?>
    {
        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? ParseTimestamp(reader.GetString()) : SkipAsNull(ref reader);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
        {
            if (value is { } v)
            {
                writer.WriteStringValue(v.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        private static DateTimeOffset? SkipAsNull(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }
    }

    private sealed class LenientBoolean : JsonConverter<bool?>
    {
        public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                    return false;
                case JsonTokenType.String:
                    return bool.TryParse(reader.GetString(), out var parsed) ? parsed : null;
                case JsonTokenType.Number:
                    return reader.TryGetInt64(out var number) ? number != 0 : null;
                default:
                    reader.Skip();
                    return null;
            }
        }

        public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
        {
            if (value is { } v)
            {
                writer.WriteBooleanValue(v);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
