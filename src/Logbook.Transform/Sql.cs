namespace Logbook.Transform;

/// <summary>Identifier quoting and literal writing. Identifiers are always quoted; values stay parameters where the
/// statement allows it, and literals are only written for test definitions taken from the project's own YAML.</summary>
internal static class Sql
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Relation(string schema, string name) => Quote(schema) + "." + Quote(name);

    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
