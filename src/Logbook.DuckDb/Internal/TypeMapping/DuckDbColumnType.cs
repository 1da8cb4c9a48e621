using System.Globalization;
using System.Text;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal.TypeMapping;

/// <summary>
/// A managed copy of a DuckDB logical type tree. The native logical type handles are read once and freed at
/// once, so no reader or writer ever holds a native type it might outlive (DuckDB.NET #327).
/// </summary>
internal sealed class DuckDbColumnType
{
    public required DuckDbType Id { get; init; }

    /// <summary>The alias, for example <c>JSON</c> for a VARCHAR that holds JSON; null when there is none.</summary>
    public string? Alias { get; init; }

    public byte DecimalWidth { get; init; }

    public byte DecimalScale { get; init; }

    /// <summary>For DECIMAL and ENUM: the physical type the values are stored as.</summary>
    public DuckDbType InternalType { get; init; }

    /// <summary>ENUM members in dictionary order.</summary>
    public IReadOnlyList<string> EnumValues { get; init; } = [];

    /// <summary>LIST/ARRAY: one child named "element"; MAP: "key" and "value"; STRUCT: its members.</summary>
    public IReadOnlyList<(string Name, DuckDbColumnType Type)> Children { get; init; } = [];

    /// <summary>ARRAY: the fixed number of elements per row.</summary>
    public ulong ArraySize { get; init; }

    public bool IsJson => Id == DuckDbType.Varchar && string.Equals(Alias, "JSON", StringComparison.OrdinalIgnoreCase);

    /// <summary>The type as DuckDB spells it, for GetDataTypeName.</summary>
    public string Name => Id switch
    {
        DuckDbType.Decimal => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({DecimalWidth},{DecimalScale})"),
        DuckDbType.List => Children[0].Type.Name + "[]",
        DuckDbType.Array => string.Create(CultureInfo.InvariantCulture, $"{Children[0].Type.Name}[{ArraySize}]"),
        DuckDbType.Map => $"MAP({Children[0].Type.Name}, {Children[1].Type.Name})",
        DuckDbType.Struct => StructName(),
        _ when Alias is not null => Alias.ToUpperInvariant(),
        _ => BaseName(Id),
    };

    private string StructName()
    {
        var builder = new StringBuilder("STRUCT(");
        for (var i = 0; i < Children.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append('"').Append(Children[i].Name.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\" ").Append(Children[i].Type.Name);
        }

        return builder.Append(')').ToString();
    }

    public static string BaseName(DuckDbType id) => id switch
    {
        DuckDbType.TinyInt => "TINYINT",
        DuckDbType.SmallInt => "SMALLINT",
        DuckDbType.Integer => "INTEGER",
        DuckDbType.BigInt => "BIGINT",
        DuckDbType.UTinyInt => "UTINYINT",
        DuckDbType.USmallInt => "USMALLINT",
        DuckDbType.UInteger => "UINTEGER",
        DuckDbType.UBigInt => "UBIGINT",
        DuckDbType.HugeInt => "HUGEINT",
        DuckDbType.UHugeInt => "UHUGEINT",
        DuckDbType.TimestampS => "TIMESTAMP_S",
        DuckDbType.TimestampMs => "TIMESTAMP_MS",
        DuckDbType.TimestampNs => "TIMESTAMP_NS",
        DuckDbType.TimestampTz => "TIMESTAMP WITH TIME ZONE",
        DuckDbType.TimeTz => "TIME WITH TIME ZONE",
        DuckDbType.TimeNs => "TIME_NS",
        DuckDbType.SqlNull => "NULL",
        DuckDbType.BigNum => "BIGNUM",
        _ => id.ToString().ToUpperInvariant(),
    };

    /// <summary>Reads a native logical type tree into managed form, then frees the handle.</summary>
    public static DuckDbColumnType FromNative(IntPtr pointer)
    {
        using var handle = new DuckDbLogicalTypeHandle(pointer);
        return Read(handle);
    }

    private static DuckDbColumnType Read(DuckDbLogicalTypeHandle type)
    {
        var id = NativeMethods.LogicalType.DuckDbGetTypeId(type);
        var alias = NativeStrings.ReadAndFree(NativeMethods.LogicalType.DuckDbLogicalTypeGetAlias(type));
        switch (id)
        {
            case DuckDbType.Decimal:
                return new DuckDbColumnType
                {
                    Id = id,
                    Alias = alias,
                    DecimalWidth = NativeMethods.LogicalType.DuckDbDecimalWidth(type),
                    DecimalScale = NativeMethods.LogicalType.DuckDbDecimalScale(type),
                    InternalType = NativeMethods.LogicalType.DuckDbDecimalInternalType(type),
                };
            case DuckDbType.Enum:
                var size = NativeMethods.LogicalType.DuckDbEnumDictionarySize(type);
                var values = new string[size];
                for (var i = 0u; i < size; i++)
                {
                    values[i] = NativeStrings.ReadAndFree(NativeMethods.LogicalType.DuckDbEnumDictionaryValue(type, i)) ?? string.Empty;
                }

                return new DuckDbColumnType
                {
                    Id = id,
                    Alias = alias,
                    InternalType = NativeMethods.LogicalType.DuckDbEnumInternalType(type),
                    EnumValues = values,
                };
            case DuckDbType.List:
                return new DuckDbColumnType { Id = id, Alias = alias, Children = [("element", FromNative(NativeMethods.LogicalType.DuckDbListTypeChildType(type)))] };
            case DuckDbType.Array:
                return new DuckDbColumnType
                {
                    Id = id,
                    Alias = alias,
                    ArraySize = NativeMethods.LogicalType.DuckDbArrayTypeArraySize(type),
                    Children = [("element", FromNative(NativeMethods.LogicalType.DuckDbArrayTypeChildType(type)))],
                };
            case DuckDbType.Map:
                return new DuckDbColumnType
                {
                    Id = id,
                    Alias = alias,
                    Children =
                    [
                        ("key", FromNative(NativeMethods.LogicalType.DuckDbMapTypeKeyType(type))),
                        ("value", FromNative(NativeMethods.LogicalType.DuckDbMapTypeValueType(type))),
                    ],
                };
            case DuckDbType.Struct:
                var count = NativeMethods.LogicalType.DuckDbStructTypeChildCount(type);
                var children = new (string, DuckDbColumnType)[count];
                for (var i = 0u; i < count; i++)
                {
                    var name = NativeStrings.ReadAndFree(NativeMethods.LogicalType.DuckDbStructTypeChildName(type, i)) ?? string.Empty;
                    children[i] = (name, FromNative(NativeMethods.LogicalType.DuckDbStructTypeChildType(type, i)));
                }

                return new DuckDbColumnType { Id = id, Alias = alias, Children = children };
            default:
                return new DuckDbColumnType { Id = id, Alias = alias };
        }
    }
}
