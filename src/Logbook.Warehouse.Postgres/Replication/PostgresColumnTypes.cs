using Logbook.Core.Replication;
using Logbook.Core.Warehouses;
using Npgsql;

namespace Logbook.Warehouse.Postgres.Replication;

/// <summary>How each PostgreSQL type is read: the select-list expression and the typed getter.</summary>
internal static class PostgresColumnTypes
{
    public static SourceColumn Map(string name, string formatted, string baseType, int typmod)
    {
        var kind = baseType switch
        {
            "int2" => ColumnKind.SmallInt,
            "int4" => ColumnKind.Integer,
            "int8" => ColumnKind.BigInt,
            "numeric" => ColumnKind.Decimal,
            "float4" => ColumnKind.Real,
            "float8" => ColumnKind.Double,
            "bool" => ColumnKind.Boolean,
            "uuid" => ColumnKind.Uuid,
            "json" or "jsonb" => ColumnKind.Json,
            "timestamptz" or "timestamp" => ColumnKind.TimestampTz,
            "date" => ColumnKind.Date,
            "time" => ColumnKind.Time,
            "bytea" => ColumnKind.Bytes,
            // text, varchar, char, name, citext; and everything without a faithful counterpart (arrays, interval,
            // enums, ranges, network types...) is read as its text form.
            _ => ColumnKind.Text,
        };
        int? precision = null, scale = null;
        if (kind == ColumnKind.Decimal && typmod >= 4)
        {
            precision = ((typmod - 4) >> 16) & 0xFFFF;
            scale = (typmod - 4) & 0xFFFF;
        }

        return new SourceColumn(name, formatted, kind, precision, scale) { IsNaiveTimestamp = baseType == "timestamp" };
    }

    public static string SelectExpression(SourceColumn column)
    {
        var name = SqlIdentifier.Quote(column.Name);
        return column switch
        {
            { IsNaiveTimestamp: true } => $"({name} at time zone current_setting('TimeZone'))",
            { Kind: ColumnKind.Json or ColumnKind.Text } => $"{name}::text",
            _ => name,
        };
    }

    public static Func<NpgsqlDataReader, int, object> Reader(SourceColumn column) => column.Kind switch
    {
        ColumnKind.SmallInt => static (r, i) => r.GetInt16(i),
        ColumnKind.Integer => static (r, i) => r.GetInt32(i),
        ColumnKind.BigInt => static (r, i) => r.GetInt64(i),
        ColumnKind.Decimal => static (r, i) => r.GetDecimal(i),
        ColumnKind.Real => static (r, i) => r.GetFloat(i),
        ColumnKind.Double => static (r, i) => r.GetDouble(i),
        ColumnKind.Boolean => static (r, i) => r.GetBoolean(i),
        ColumnKind.Uuid => static (r, i) => r.GetGuid(i),
        ColumnKind.TimestampTz => static (r, i) => r.GetFieldValue<DateTime>(i),
        ColumnKind.Date => static (r, i) => r.GetFieldValue<DateOnly>(i),
        ColumnKind.Time => static (r, i) => r.GetFieldValue<TimeOnly>(i),
        ColumnKind.Bytes => static (r, i) => r.GetFieldValue<byte[]>(i),
        _ => static (r, i) => r.GetString(i),
    };
}
