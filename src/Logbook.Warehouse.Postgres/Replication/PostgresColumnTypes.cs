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
            "int2" => SourceColumnKind.SmallInt,
            "int4" => SourceColumnKind.Integer,
            "int8" => SourceColumnKind.BigInt,
            "numeric" => SourceColumnKind.Decimal,
            "float4" => SourceColumnKind.Real,
            "float8" => SourceColumnKind.Double,
            "bool" => SourceColumnKind.Boolean,
            "uuid" => SourceColumnKind.Uuid,
            "json" or "jsonb" => SourceColumnKind.Json,
            "timestamptz" or "timestamp" => SourceColumnKind.TimestampTz,
            "date" => SourceColumnKind.Date,
            "time" => SourceColumnKind.Time,
            "bytea" => SourceColumnKind.Bytes,
            // text, varchar, char, name, citext; and everything without a faithful counterpart (arrays, interval,
            // enums, ranges, network types...) is read as its text form.
            _ => SourceColumnKind.Text,
        };
        int? precision = null, scale = null;
        if (kind == SourceColumnKind.Decimal && typmod >= 4)
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
            { Kind: SourceColumnKind.Json or SourceColumnKind.Text } => $"{name}::text",
            _ => name,
        };
    }

    /// <summary>How a column's value goes from the reader into a page: typed getters, and text, JSON and bytes copied as bytes (UTF-8 for text) straight into the page's buffer.</summary>
    public static Action<NpgsqlDataReader, int, SourcePage> Reader(SourceColumn column) => column.Kind switch
    {
        SourceColumnKind.SmallInt => static (r, i, p) => p.Set(r.GetInt16(i)),
        SourceColumnKind.Integer => static (r, i, p) => p.Set(r.GetInt32(i)),
        SourceColumnKind.BigInt => static (r, i, p) => p.Set(r.GetInt64(i)),
        SourceColumnKind.Decimal => static (r, i, p) => p.Set(r.GetDecimal(i)),
        SourceColumnKind.Real => static (r, i, p) => p.Set(r.GetFloat(i)),
        SourceColumnKind.Double => static (r, i, p) => p.Set(r.GetDouble(i)),
        SourceColumnKind.Boolean => static (r, i, p) => p.Set(r.GetBoolean(i)),
        SourceColumnKind.Uuid => static (r, i, p) => p.Set(r.GetGuid(i)),
        SourceColumnKind.TimestampTz => static (r, i, p) => p.Set(r.GetFieldValue<DateTime>(i)),
        SourceColumnKind.Date => static (r, i, p) => p.Set(r.GetFieldValue<DateOnly>(i).ToDateTime(TimeOnly.MinValue)),
        SourceColumnKind.Time => static (r, i, p) => p.Set(r.GetFieldValue<TimeOnly>(i)),
        _ => static (r, i, p) =>
        {
            var length = checked((int)r.GetBytes(i, 0, null, 0, 0));
            var (buffer, offset) = p.ReserveBytes(length);
            r.GetBytes(i, 0, buffer, offset, length);
        },
    };
}
