using System.Text;
using System.Text.Json;
using Logbook.DuckDb.Internal.TypeMapping;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal.Vectors.Readers;

/// <summary>Shared access to <c>duckdb_string_t</c> slots (VARCHAR, JSON, BLOB): short values inline, long ones by pointer.</summary>
internal abstract unsafe class StringSlotVectorReader(DuckDbColumnType type) : VectorReader(type)
{
    protected ReadOnlySpan<byte> Bytes(ulong row)
    {
        var slot = (DuckDbStringT*)Data + row;
        var length = (int)slot->Length;
        return length <= DuckDbStringT.InlineLength
            ? new ReadOnlySpan<byte>(slot->Inlined, length)
            : new ReadOnlySpan<byte>(slot->Pointer, length);
    }
}

/// <summary>VARCHAR and JSON (a VARCHAR with the JSON alias): UTF-8 decoded to string. JSON reads as its text.</summary>
internal sealed class VarcharVectorReader(DuckDbColumnType type) : StringSlotVectorReader(type)
{
    public override Type ClrType => typeof(string);

    public override string GetString(ulong row)
    {
        var bytes = Bytes(row);
        // Most short values are ASCII: widening them (Latin-1) is one pass, where UTF-8 decoding validates first.
        return bytes.Length <= 64 && System.Text.Ascii.IsValid(bytes) ? Encoding.Latin1.GetString(bytes) : Encoding.UTF8.GetString(bytes);
    }

    public override object GetValue(ulong row) => GetString(row);

    public override string GetJsonKey(ulong row) => GetString(row);

    public override void WriteJson(Utf8JsonWriter writer, ulong row)
    {
        if (!Type.IsJson)
        {
            writer.WriteStringValue(Bytes(row));
            return;
        }

        // JSON values nest as JSON; a value DuckDB let through that is not valid JSON degrades to a string.
        try
        {
            writer.WriteRawValue(Bytes(row), skipInputValidation: false);
        }
        catch (JsonException)
        {
            writer.WriteStringValue(Bytes(row));
        }
    }
}

/// <summary>BLOB: raw bytes.</summary>
internal sealed class BlobVectorReader(DuckDbColumnType type) : StringSlotVectorReader(type)
{
    public override Type ClrType => typeof(byte[]);

    public override object GetValue(ulong row) => Bytes(row).ToArray();

    public ReadOnlySpan<byte> GetSpan(ulong row) => Bytes(row);

    public override void WriteJson(Utf8JsonWriter writer, ulong row) => writer.WriteBase64StringValue(Bytes(row));
}

/// <summary>ENUM: reads the member name from the dictionary captured with the type.</summary>
internal sealed unsafe class EnumVectorReader(DuckDbColumnType type) : VectorReader(type)
{
    public override Type ClrType => typeof(string);

    public override string GetString(ulong row)
    {
        var index = Type.InternalType switch
        {
            DuckDbType.UTinyInt => Data[row],
            DuckDbType.USmallInt => ((ushort*)Data)[row],
            _ => (int)((uint*)Data)[row],
        };
        return Type.EnumValues[index];
    }

    public override object GetValue(ulong row) => GetString(row);

    public override string GetJsonKey(ulong row) => GetString(row);

    public override void WriteJson(Utf8JsonWriter writer, ulong row) => writer.WriteStringValue(GetString(row));
}

/// <summary>UUID: a hugeint whose top bit DuckDB flips so that UUIDs sort as their text does.</summary>
internal sealed unsafe class UuidVectorReader(DuckDbColumnType type) : VectorReader(type)
{
    public override Type ClrType => typeof(Guid);

    public override Guid GetGuid(ulong row)
    {
        var value = ((DuckDbHugeInt*)Data)[row];
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)value.Upper ^ (1UL << 63));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], value.Lower);
        return new Guid(bytes, bigEndian: true);
    }

    public override string GetString(ulong row) => GetGuid(row).ToString();

    public override object GetValue(ulong row) => GetGuid(row);

    public override string GetJsonKey(ulong row) => GetString(row);

    public override void WriteJson(Utf8JsonWriter writer, ulong row) => writer.WriteStringValue(GetGuid(row));
}
