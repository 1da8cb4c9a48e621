using System.Buffers;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Logbook.Core.Querying;

namespace Logbook.Cli.Output;

/// <summary>
/// A JSON array with one object per row. Numbers are JSON numbers, booleans are booleans, NULL is null, and
/// JSON columns and nested values (LIST, STRUCT, MAP) are embedded as JSON rather than as strings. Everything
/// else is a string formatted as in the other formats. Duplicate column names get a _2, _3... suffix.
/// </summary>
internal static class JsonResultWriter
{
    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(SqlResult result, TextWriter output)
    {
        var names = PropertyNames(result.Columns);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartArray();
            foreach (var row in result.Rows)
            {
                writer.WriteStartObject();
                for (var i = 0; i < row.Length; i++)
                {
                    writer.WritePropertyName(names[i]);
                    WriteValue(writer, result.Columns[i], row[i]);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteValue(Utf8JsonWriter writer, SqlColumn column, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool boolean:
                writer.WriteBooleanValue(boolean);
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                writer.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ulong unsigned:
                writer.WriteNumberValue(unsigned);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case float single when float.IsFinite(single):
                writer.WriteNumberValue(single);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case BigInteger or Int128 or UInt128:
                writer.WriteRawValue(ValueText.Format(value), skipInputValidation: true);
                break;
            case string text when column.Kind == ColumnKind.Json:
                WriteJsonText(writer, text);
                break;
            default:
                writer.WriteStringValue(ValueText.Format(value));
                break;
        }
    }

    /// <summary>Embeds JSON text as it is; text that is not valid JSON is written as a string instead.</summary>
    private static void WriteJsonText(Utf8JsonWriter writer, string text)
    {
        try
        {
            writer.WriteRawValue(text, skipInputValidation: false);
        }
        catch (JsonException)
        {
            writer.WriteStringValue(text);
        }
    }

    private static string[] PropertyNames(IReadOnlyList<SqlColumn> columns)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new string[columns.Count];
        for (var i = 0; i < names.Length; i++)
        {
            var name = columns[i].Name;
            for (var n = 2; !seen.Add(name); n++)
            {
                name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{columns[i].Name}_{n}");
            }

            names[i] = name;
        }

        return names;
    }
}
