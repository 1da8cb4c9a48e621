using Logbook.DuckDb.Internal.TypeMapping;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal.Vectors.Readers;

/// <summary>The one place that maps a DuckDB type to the reader that decodes it.</summary>
internal static class VectorReaderFactory
{
    public static VectorReader Create(DuckDbColumnType type) => type.Id switch
    {
        DuckDbType.Boolean => new BooleanVectorReader(type),
        DuckDbType.TinyInt => new NumericVectorReader<sbyte>(type),
        DuckDbType.SmallInt => new NumericVectorReader<short>(type),
        DuckDbType.Integer => new NumericVectorReader<int>(type),
        DuckDbType.BigInt => new NumericVectorReader<long>(type),
        DuckDbType.UTinyInt => new NumericVectorReader<byte>(type),
        DuckDbType.USmallInt => new NumericVectorReader<ushort>(type),
        DuckDbType.UInteger => new NumericVectorReader<uint>(type),
        DuckDbType.UBigInt => new NumericVectorReader<ulong>(type),
        DuckDbType.Float => new NumericVectorReader<float>(type),
        DuckDbType.Double => new NumericVectorReader<double>(type),
        DuckDbType.HugeInt => new HugeIntVectorReader(type, unsigned: false),
        DuckDbType.UHugeInt => new HugeIntVectorReader(type, unsigned: true),
        DuckDbType.Decimal => new DecimalVectorReader(type),
        DuckDbType.Varchar => new VarcharVectorReader(type),
        DuckDbType.Blob => new BlobVectorReader(type),
        DuckDbType.Enum => new EnumVectorReader(type),
        DuckDbType.Uuid => new UuidVectorReader(type),
        DuckDbType.Date => new DateVectorReader(type),
        DuckDbType.Time => new TimeVectorReader(type),
        DuckDbType.Timestamp or DuckDbType.TimestampS or DuckDbType.TimestampMs or DuckDbType.TimestampNs or DuckDbType.TimestampTz
            => new TimestampVectorReader(type),
        DuckDbType.Interval => new IntervalVectorReader(type),
        DuckDbType.List or DuckDbType.Map => new ListVectorReader(type, Create(MapAwareChild(type))),
        DuckDbType.Array => new ArrayVectorReader(type, Create(type.Children[0].Type)),
        DuckDbType.Struct => new StructVectorReader(type, [.. type.Children.Select(c => Create(c.Type))]),
        _ => new UnsupportedVectorReader(type),
    };

    /// <summary>A MAP's child vector is a STRUCT(key, value); a LIST's is its element type.</summary>
    private static DuckDbColumnType MapAwareChild(DuckDbColumnType type) =>
        type.Id == DuckDbType.Map
            ? new DuckDbColumnType { Id = DuckDbType.Struct, Children = type.Children }
            : type.Children[0].Type;
}
