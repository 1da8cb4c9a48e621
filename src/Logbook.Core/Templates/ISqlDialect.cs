namespace Logbook.Core.Templates;

/// <summary>
/// The cross-dialect helpers a model may call, so one model file runs on DuckDB and PostgreSQL. Each method gets
/// SQL expressions (already rendered) and returns a SQL expression.
/// </summary>
public interface ISqlDialect
{
    string Name { get; }

    /// <summary><c>date_trunc('day', ts)</c>; <paramref name="part"/> is a literal unit (year..second).</summary>
    string DateTrunc(string part, string expression);

    /// <summary>Whole <paramref name="part"/> boundaries crossed from <paramref name="start"/> to <paramref name="end"/>.</summary>
    string DateDiff(string part, string start, string end);

    /// <summary><paramref name="expression"/> plus <paramref name="amount"/> units of <paramref name="part"/>.</summary>
    string DateAdd(string part, string amount, string expression);

    /// <summary>A field of a JSON text as text, NULL when the text is not valid JSON or has no such field.</summary>
    string JsonExtractText(string json, string field);

    /// <summary><c>CAST</c> that yields NULL instead of failing.</summary>
    string SafeCast(string expression, string type);

    /// <summary>The current time in UTC, as a timestamp without time zone.</summary>
    string CurrentTimestampUtc();

    /// <summary>An MD5 hex key over the given expressions, NULL-safe (NULL and '' differ).</summary>
    string SurrogateKey(IReadOnlyList<string> expressions);
}
