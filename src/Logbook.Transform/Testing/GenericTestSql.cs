using System.Globalization;
using Logbook.Transform.Project;

namespace Logbook.Transform.Testing;

/// <summary>
/// The query of each generic test: it returns the failing rows (none means the test passes), as dbt's built-in
/// and dbt_utils tests do. Column names are quoted; accepted values are written as literals from the project's
/// own YAML.
/// </summary>
internal static class GenericTestSql
{
    public static string Build(TestNode test, Manifest manifest)
    {
        var relation = manifest.RelationOf(test.AttachedNode!)
            ?? throw new ProjectException($"{test.DefinedAt}: test {test.Name} is attached to an ephemeral model, which has no relation to test");
        var model = test.Where is null ? relation : $"(select * from {relation} where {test.Where})";
        var column = test.ColumnName is null ? null : Sql.Quote(test.ColumnName);
        return test.TestName switch
        {
            "not_null" => $"select * from {model} as model\nwhere {column} is null",
            "unique" => $"select {column} as unique_field, count(*) as n_records\nfrom {model} as model\nwhere {column} is not null\ngroup by {column}\nhaving count(*) > 1",
            "accepted_values" => AcceptedValues(test, model, column!),
            "relationships" => Relationships(test, manifest, model, column!),
            "unique_combination_of_columns" => UniqueCombination(test, model),
            "expression_is_true" => $"select * from {model} as model\nwhere not ({(column is null ? string.Empty : column + " ")}{test.Arguments["expression"]})",
            _ => throw new ProjectException($"{test.DefinedAt}: unknown test '{test.TestName}'"),
        };
    }

    private static string AcceptedValues(TestNode test, string model, string column)
    {
        var quote = test.Arguments.GetValueOrDefault("quote") is not false;
        var values = ((System.Collections.IEnumerable)test.Arguments["values"]!).Cast<object?>()
            .Select(v => quote || v is string ? Sql.Literal(Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty) : Convert.ToString(v, CultureInfo.InvariantCulture));
        return $"select {column} as value_field, count(*) as n_records\nfrom {model} as model\nwhere {column} is not null and {column} not in ({string.Join(", ", values)})\ngroup by {column}";
    }

    private static string Relationships(TestNode test, Manifest manifest, string model, string column)
    {
        var target = test.DependsOn.Count > 1 ? test.DependsOn[1] : test.DependsOn[0];
        var parent = manifest.RelationOf(target) ?? throw new ProjectException($"{test.DefinedAt}: relationships to an ephemeral model cannot be tested");
        var field = Sql.Quote(Convert.ToString(test.Arguments["field"], CultureInfo.InvariantCulture) ?? string.Empty);
        return $"select child.{column} as from_field\nfrom {model} as child\nleft join {parent} as parent on child.{column} = parent.{field}\nwhere child.{column} is not null and parent.{field} is null";
    }

    private static string UniqueCombination(TestNode test, string model)
    {
        var columns = string.Join(", ", ((System.Collections.IEnumerable)test.Arguments["combination_of_columns"]!).Cast<object?>()
            .Select(c => Sql.Quote(Convert.ToString(c, CultureInfo.InvariantCulture) ?? string.Empty)));
        return $"select {columns}, count(*) as n_records\nfrom {model} as model\ngroup by {columns}\nhaving count(*) > 1";
    }
}
