using System.Buffers;
using System.Text;
using System.Text.Json;
using Logbook.DuckDb.Internal.TypeMapping;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal.Vectors.Readers;

/// <summary>LIST, ARRAY, STRUCT and MAP columns read as JSON text (a string), with nulls as JSON null.</summary>
internal abstract class JsonTextVectorReader(DuckDbColumnType type) : VectorReader(type)
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public override Type ClrType => typeof(string);

    public override string GetString(ulong row)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            WriteJson(writer, row);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public override object GetValue(ulong row) => GetString(row);

    protected static void WriteChild(Utf8JsonWriter writer, VectorReader child, ulong row)
    {
        if (child.IsValid(row))
        {
            child.WriteJson(writer, row);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>LIST (and MAP, which DuckDB stores as a list of key/value structs).</summary>
internal sealed unsafe class ListVectorReader(DuckDbColumnType type, VectorReader child) : JsonTextVectorReader(type)
{
    public override void Reset(IntPtr vector)
    {
        base.Reset(vector);
        child.Reset(NativeMethods.Vector.DuckDbListVectorGetChild(vector));
    }

    public override void WriteJson(Utf8JsonWriter writer, ulong row)
    {
        var entry = ((DuckDbListEntry*)Data)[row];
        if (Type.Id == DuckDbType.Map && child is StructVectorReader entries)
        {
            writer.WriteStartObject();
            for (var i = entry.Offset; i < entry.Offset + entry.Length; i++)
            {
                writer.WritePropertyName(entries.Children[0].IsValid(i) ? entries.Children[0].GetJsonKey(i) : "null");
                WriteChild(writer, entries.Children[1], i);
            }

            writer.WriteEndObject();
            return;
        }

        writer.WriteStartArray();
        for (var i = entry.Offset; i < entry.Offset + entry.Length; i++)
        {
            WriteChild(writer, child, i);
        }

        writer.WriteEndArray();
    }
}

/// <summary>ARRAY: fixed-size lists; row r's elements are child rows r*size .. r*size+size-1.</summary>
internal sealed class ArrayVectorReader(DuckDbColumnType type, VectorReader child) : JsonTextVectorReader(type)
{
    public override void Reset(IntPtr vector)
    {
        base.Reset(vector);
        child.Reset(NativeMethods.Vector.DuckDbArrayVectorGetChild(vector));
    }

    public override void WriteJson(Utf8JsonWriter writer, ulong row)
    {
        writer.WriteStartArray();
        var size = Type.ArraySize;
        for (var i = row * size; i < (row + 1) * size; i++)
        {
            WriteChild(writer, child, i);
        }

        writer.WriteEndArray();
    }
}

/// <summary>STRUCT: a JSON object with one property per member.</summary>
internal sealed class StructVectorReader(DuckDbColumnType type, VectorReader[] children) : JsonTextVectorReader(type)
{
    public IReadOnlyList<VectorReader> Children => children;

    public override void Reset(IntPtr vector)
    {
        base.Reset(vector);
        for (var i = 0; i < children.Length; i++)
        {
            children[i].Reset(NativeMethods.Vector.DuckDbStructVectorGetChild(vector, (ulong)i));
        }
    }

    public override void WriteJson(Utf8JsonWriter writer, ulong row)
    {
        writer.WriteStartObject();
        for (var i = 0; i < children.Length; i++)
        {
            writer.WritePropertyName(Type.Children[i].Name);
            WriteChild(writer, children[i], row);
        }

        writer.WriteEndObject();
    }
}

/// <summary>Types this provider does not decode (BIT, UNION, TIME WITH TIME ZONE, ...): reading one says which cast to add.</summary>
internal sealed class UnsupportedVectorReader(DuckDbColumnType type) : VectorReader(type)
{
    public override Type ClrType => typeof(object);

    public override object GetValue(ulong row) => throw Error();

    public override void WriteJson(Utf8JsonWriter writer, ulong row) => throw Error();

    private NotSupportedException Error() =>
        new($"Logbook.DuckDb cannot read DuckDB type {Type.Name}; cast the column in SQL (for example ::VARCHAR).");
}
