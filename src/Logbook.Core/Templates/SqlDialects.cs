namespace Logbook.Core.Templates;

/// <summary>The dialects Logbook compiles helpers to.</summary>
public static class SqlDialects
{
    private static readonly HashSet<string> s_parts = new(StringComparer.OrdinalIgnoreCase) { "year", "quarter", "month", "week", "day", "hour", "minute", "second" };

    public static ISqlDialect DuckDb { get; } = new DuckDbDialect();

    /// <summary>
    /// PostgreSQL 15 has neither <c>IS JSON</c> nor <c>pg_input_is_valid</c>, so its safe JSON extraction and safe
    /// casts call functions the PostgreSQL warehouse installs in <see cref="PostgresHelperSchema"/> (an exception
    /// handler turns a failed parse or cast into NULL).
    /// </summary>
    public static ISqlDialect Postgres { get; } = new PostgresDialect();

    /// <summary>The schema of the PostgreSQL helper functions.</summary>
    public const string PostgresHelperSchema = "logbook_util";

    /// <summary>The PostgreSQL types <c>safe_cast</c> supports, by the names a model may use, to the helper's suffix.</summary>
    public static IReadOnlyDictionary<string, string> PostgresSafeCastTypes { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["bigint"] = "bigint", ["int8"] = "bigint", ["hugeint"] = "numeric",
        ["integer"] = "integer", ["int"] = "integer", ["int4"] = "integer",
        ["smallint"] = "smallint", ["int2"] = "smallint",
        ["double"] = "double", ["double precision"] = "double", ["float8"] = "double", ["float"] = "double", ["real"] = "real", ["float4"] = "real",
        ["numeric"] = "numeric", ["decimal"] = "numeric",
        ["boolean"] = "boolean", ["bool"] = "boolean",
        ["date"] = "date", ["timestamp"] = "timestamp", ["timestamptz"] = "timestamptz", ["timestamp with time zone"] = "timestamptz",
        ["json"] = "jsonb", ["jsonb"] = "jsonb",
    };

    /// <summary>Date parts are interpolated into SQL, so only known unit names pass.</summary>
    internal static string Part(string part) =>
        s_parts.Contains(part) ? part.ToLowerInvariant() : throw new ArgumentException($"unknown date part '{part}'; use one of {string.Join(", ", s_parts)}");

    internal static string Key(IReadOnlyList<string> expressions) =>
        string.Join(" || '-' || ", expressions.Select(e => $"coalesce(cast({e} as varchar), '_logbook_null_')"));

    private sealed class PostgresDialect : ISqlDialect
    {
        public string Name => "postgres";

        public string DateTrunc(string part, string expression) => $"date_trunc('{Part(part)}', {expression})";

        /// <summary>Boundaries crossed, as DuckDB's date_diff counts them: the difference of the truncated values (weeks: days / 7).</summary>
        public string DateDiff(string part, string start, string end) => Part(part) switch
        {
            "year" => $"cast(extract(year from {end}) - extract(year from {start}) as bigint)",
            "quarter" => $"cast((extract(year from {end}) * 4 + extract(quarter from {end})) - (extract(year from {start}) * 4 + extract(quarter from {start})) as bigint)",
            "month" => $"cast((extract(year from {end}) * 12 + extract(month from {end})) - (extract(year from {start}) * 12 + extract(month from {start})) as bigint)",
            // DuckDB counts weeks as whole days / 7 (toward zero), not Monday boundaries.
            "week" => $"cast((cast({end} as date) - cast({start} as date)) / 7 as bigint)",
            "day" => $"cast(cast({end} as date) - cast({start} as date) as bigint)",
            var unit => $"cast(floor(extract(epoch from date_trunc('{unit}', {end}) - date_trunc('{unit}', {start})) / {(unit == "hour" ? 3600 : unit == "minute" ? 60 : 1)}) as bigint)",
        };

        public string DateAdd(string part, string amount, string expression) => Part(part) switch
        {
            "quarter" => $"({expression} + ({amount}) * interval '3 month')",
            var unit => $"({expression} + ({amount}) * interval '1 {unit}')",
        };

        public string JsonExtractText(string json, string field) => $"{PostgresHelperSchema}.json_text(cast({json} as text), {field})";

        public string SafeCast(string expression, string type)
        {
            var normalized = string.Join(' ', type.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var precision = normalized.IndexOf('(', StringComparison.Ordinal);
            var baseType = precision < 0 ? normalized : normalized[..precision].Trim();
            if (baseType.Equals("varchar", StringComparison.OrdinalIgnoreCase) || baseType.Equals("text", StringComparison.OrdinalIgnoreCase))
            {
                return $"cast({expression} as {normalized})";
            }

            if (!PostgresSafeCastTypes.TryGetValue(baseType, out var helper))
            {
                throw new ArgumentException($"safe_cast to '{type}' is not supported on PostgreSQL; use one of varchar, text, {string.Join(", ", PostgresSafeCastTypes.Keys)}");
            }

            var call = $"{PostgresHelperSchema}.try_cast_{helper}(cast({expression} as text))";
            return precision < 0 ? call : $"cast({call} as {normalized})";
        }

        public string CurrentTimestampUtc() => "cast(timezone('UTC', now()) as timestamp)";

        public string SurrogateKey(IReadOnlyList<string> expressions) => $"md5({Key(expressions)})";
    }

    private sealed class DuckDbDialect : ISqlDialect
    {
        public string Name => "duckdb";

        public string DateTrunc(string part, string expression) => $"date_trunc('{Part(part)}', {expression})";

        public string DateDiff(string part, string start, string end) => $"date_diff('{Part(part)}', {start}, {end})";

        public string DateAdd(string part, string amount, string expression) => $"({expression} + ({amount}) * interval 1 {Part(part)})";

        public string JsonExtractText(string json, string field) =>
            $"(case when json_valid({json}) then json_extract_string({json}, '$.' || {field}) end)";

        public string SafeCast(string expression, string type) => $"try_cast({expression} as {type})";

        public string CurrentTimestampUtc() => "cast(timezone('UTC', now()) as timestamp)";

        public string SurrogateKey(IReadOnlyList<string> expressions) => $"md5({Key(expressions)})";
    }
}
