namespace Logbook.Core.Templates;

/// <summary>The dialects Logbook compiles helpers to.</summary>
public static class SqlDialects
{
    private static readonly HashSet<string> s_parts = new(StringComparer.OrdinalIgnoreCase) { "year", "quarter", "month", "week", "day", "hour", "minute", "second" };

    public static ISqlDialect DuckDb { get; } = new DuckDbDialect();

    // PostgreSQL's helpers arrive with its adapter (issue 6): PostgreSQL 15 has neither IS JSON nor
    // pg_input_is_valid, so safe JSON extraction and safe casts there need helper functions the adapter installs.

    /// <summary>Date parts are interpolated into SQL, so only known unit names pass.</summary>
    internal static string Part(string part) =>
        s_parts.Contains(part) ? part.ToLowerInvariant() : throw new ArgumentException($"unknown date part '{part}'; use one of {string.Join(", ", s_parts)}");

    internal static string Key(IReadOnlyList<string> expressions) =>
        string.Join(" || '-' || ", expressions.Select(e => $"coalesce(cast({e} as varchar), '_logbook_null_')"));

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
