using Logbook.DuckDb.Internal.TypeMapping;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal.Vectors.Writers;

/// <summary>The one place that maps a DuckDB column type to the writer that fills it.</summary>
internal static class VectorWriterFactory
{
    public static VectorWriter Create(DuckDbColumnType type, int ordinal) => type.Id switch
    {
        DuckDbType.Boolean => new BooleanVectorWriter(type, ordinal),
        DuckDbType.TinyInt => new IntegerVectorWriter<sbyte>(type, ordinal),
        DuckDbType.SmallInt => new IntegerVectorWriter<short>(type, ordinal),
        DuckDbType.Integer => new IntegerVectorWriter<int>(type, ordinal),
        DuckDbType.BigInt => new IntegerVectorWriter<long>(type, ordinal),
        DuckDbType.UTinyInt => new IntegerVectorWriter<byte>(type, ordinal),
        DuckDbType.USmallInt => new IntegerVectorWriter<ushort>(type, ordinal),
        DuckDbType.UInteger => new IntegerVectorWriter<uint>(type, ordinal),
        DuckDbType.UBigInt => new IntegerVectorWriter<ulong>(type, ordinal),
        DuckDbType.Float => new FloatingVectorWriter<float>(type, ordinal),
        DuckDbType.Double => new FloatingVectorWriter<double>(type, ordinal),
        DuckDbType.HugeInt => new HugeIntVectorWriter(type, ordinal, unsigned: false),
        DuckDbType.UHugeInt => new HugeIntVectorWriter(type, ordinal, unsigned: true),
        DuckDbType.Decimal => new DecimalVectorWriter(type, ordinal),
        DuckDbType.Varchar or DuckDbType.Blob => new StringVectorWriter(type, ordinal),
        DuckDbType.Uuid => new UuidVectorWriter(type, ordinal),
        DuckDbType.Date => new DateVectorWriter(type, ordinal),
        DuckDbType.Timestamp or DuckDbType.TimestampS or DuckDbType.TimestampMs or DuckDbType.TimestampNs or DuckDbType.TimestampTz
            => new TimestampVectorWriter(type, ordinal),
        DuckDbType.Time => new TimeVectorWriter(type, ordinal),
        DuckDbType.Interval => new IntervalVectorWriter(type, ordinal),
        _ => new UnsupportedVectorWriter(type, ordinal),
    };
}
