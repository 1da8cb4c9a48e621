namespace Logbook.Core.Warehouses;

/// <summary>Identifiers in SQL text, quoted the standard way (DuckDB and PostgreSQL agree): <c>"a""b"</c>.</summary>
public static class SqlIdentifier
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary><c>"schema"."name"</c>.</summary>
    public static string Qualified(string schema, string name) => $"{Quote(schema)}.{Quote(name)}";
}
