using System.Globalization;
using Logbook.Core.Replication;
using Logbook.Core.Warehouses;

namespace Logbook.Replication;

/// <summary>
/// Warehouse column types for source columns and derived columns, per engine, and the check that an existing
/// target column can hold what the source sends.
/// </summary>
internal static class TargetTypes
{
    public static string Of(SourceColumn column, WarehouseKind kind) => kind == WarehouseKind.Postgres
        ? column.Kind switch
        {
            SourceColumnKind.SmallInt => "smallint",
            SourceColumnKind.Integer => "integer",
            SourceColumnKind.BigInt => "bigint",
            SourceColumnKind.Decimal => column.Precision is { } p ? $"numeric({p.ToString(CultureInfo.InvariantCulture)},{column.Scale.GetValueOrDefault().ToString(CultureInfo.InvariantCulture)})" : "numeric",
            SourceColumnKind.Real => "real",
            SourceColumnKind.Double => "double precision",
            SourceColumnKind.Boolean => "boolean",
            SourceColumnKind.Uuid => "uuid",
            // json keeps its text as written (key order, spaces); jsonb is already canonical.
            SourceColumnKind.Json => column.SourceType == "json" ? "json" : "jsonb",
            SourceColumnKind.TimestampTz => "timestamptz",
            SourceColumnKind.Date => "date",
            SourceColumnKind.Time => "time",
            SourceColumnKind.Bytes => "bytea",
            _ => "text",
        }
        : column.Kind switch
        {
            SourceColumnKind.SmallInt => "SMALLINT",
            SourceColumnKind.Integer => "INTEGER",
            SourceColumnKind.BigInt => "BIGINT",
            // DuckDB's DECIMAL stops at 38 digits; an unconstrained numeric gets dlt's default of (38, 9).
            SourceColumnKind.Decimal => column.Precision is { } p and <= 38 ? $"DECIMAL({p.ToString(CultureInfo.InvariantCulture)},{column.Scale.GetValueOrDefault().ToString(CultureInfo.InvariantCulture)})" : "DECIMAL(38,9)",
            SourceColumnKind.Real => "REAL",
            SourceColumnKind.Double => "DOUBLE",
            SourceColumnKind.Boolean => "BOOLEAN",
            SourceColumnKind.Uuid => "UUID",
            SourceColumnKind.Json => "JSON",
            SourceColumnKind.TimestampTz => "TIMESTAMPTZ",
            SourceColumnKind.Date => "DATE",
            SourceColumnKind.Time => "TIME",
            SourceColumnKind.Bytes => "BLOB",
            _ => "VARCHAR",
        };

    public static string Of(DerivedType type, WarehouseKind kind) => (type, kind) switch
    {
        (DerivedType.Double, WarehouseKind.Postgres) => "double precision",
        (DerivedType.Double, _) => "DOUBLE",
        (DerivedType.BigInt, _) => "BIGINT",
        (DerivedType.Boolean, _) => "BOOLEAN",
        (DerivedType.Timestamp, WarehouseKind.Postgres) => "timestamptz",
        (DerivedType.Timestamp, _) => "TIMESTAMPTZ",
        (_, WarehouseKind.Postgres) => "text",
        _ => "VARCHAR",
    };

    /// <summary>
    /// The SQL computing a derived column from the staged row. The JSON column holds valid JSON (the source's json
    /// type guarantees it); a field that is missing, null, or not of the column's type gives NULL, the same on both
    /// engines: numbers are taken from JSON numbers or numeric strings, booleans from true/false.
    /// </summary>
    public static string DerivedExpression(DerivedColumn derived, WarehouseKind kind)
    {
        var json = SqlIdentifier.Quote(derived.JsonColumn);
        var text = kind == WarehouseKind.Postgres
            ? $"({json}::jsonb #>> '{{{string.Join(',', derived.Path.Select(p => "\"" + p + "\""))}}}')"
            : $"json_extract_string({json}, '$.{string.Join('.', derived.Path.Select(p => "\"" + p + "\""))}')";
        string Matches(string pattern) => kind == WarehouseKind.Postgres ? $"{text} ~ '^{pattern}$'" : $"regexp_full_match({text}, '{pattern}')";
        return derived.Type switch
        {
            DerivedType.Double => $"(case when {Matches(@"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")} then cast({text} as {Of(DerivedType.Double, kind)}) end)",
            DerivedType.BigInt => $"(case when {Matches("-?[0-9]{1,18}")} then cast({text} as bigint) end)",
            DerivedType.Boolean => $"(case lower({text}) when 'true' then true when 'false' then false end)",
            DerivedType.Timestamp => $"(case when {Matches(@"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?")} then cast({text} as {Of(DerivedType.Timestamp, kind)}) end)",
            _ => text,
        };
    }

    /// <summary>True when a column the warehouse reports as <paramref name="dataType"/> can hold values of <paramref name="wanted"/>.</summary>
    public static bool Accepts(string dataType, string wanted) => Family(dataType) == Family(wanted) || Family(dataType) == "text" && Family(wanted) is "json" or "uuid";

    private static string Family(string type)
    {
        var t = type.Trim().ToLowerInvariant();
        var paren = t.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0)
        {
            t = t[..paren].Trim();
        }

        return t switch
        {
            "smallint" or "integer" or "bigint" or "int2" or "int4" or "int8" or "hugeint" or "tinyint" => "int",
            "decimal" or "numeric" => "decimal",
            "real" or "float" or "double" or "double precision" or "float4" or "float8" => "float",
            "boolean" or "bool" => "bool",
            "varchar" or "text" or "character varying" or "character" or "string" => "text",
            "json" or "jsonb" => "json",
            "uuid" => "uuid",
            "timestamptz" or "timestamp with time zone" => "timestamptz",
            "date" => "date",
            "time" or "time without time zone" => "time",
            "blob" or "bytea" => "bytes",
            _ => t,
        };
    }
}
