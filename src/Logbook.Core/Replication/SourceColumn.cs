namespace Logbook.Core.Replication;

/// <summary>What a source column holds, in terms both warehouses can store.</summary>
public enum SourceColumnKind
{
    SmallInt,
    Integer,
    BigInt,
    Decimal,
    Real,
    Double,
    Boolean,
    Text,
    Uuid,
    Json,

    /// <summary>An instant, read as a UTC <see cref="DateTime"/> (timestamps without time zone are converted on the source).</summary>
    TimestampTz,
    Date,
    Time,
    Interval,
    Bytes,
}

/// <summary>
/// A column of a source table: its source type as the catalog spells it, and how it is read and stored.
/// Types without a faithful counterpart (arrays, ranges, enums, geometry...) are read as their text form.
/// </summary>
public sealed record SourceColumn(string Name, string SourceType, SourceColumnKind Kind, int? Precision = null, int? Scale = null)
{
    /// <summary>True for a timestamp without time zone, converted to UTC on the source when read.</summary>
    public bool IsNaiveTimestamp { get; init; }
}

/// <summary>A source table: its columns in order, and the columns a primary key or unique index covers alone.</summary>
public sealed record SourceTable(string Schema, string Name, IReadOnlyList<SourceColumn> Columns, IReadOnlySet<string> UniqueColumns)
{
    public SourceColumn? Find(string column) => Columns.FirstOrDefault(c => c.Name == column);
}
