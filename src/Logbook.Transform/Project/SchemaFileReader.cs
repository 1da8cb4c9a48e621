using Logbook.Core.Configuration;
using YamlDotNet.RepresentationModel;

namespace Logbook.Transform.Project;

/// <summary>A model's entry in a YAML file: its docs, config and tests.</summary>
internal sealed record ModelDoc(
    string Name,
    string? Description,
    IReadOnlyDictionary<string, object?> Config,
    IReadOnlyList<ColumnDoc> Columns,
    IReadOnlyList<TestSpec> Tests,
    string DefinedAt);

/// <summary>A generic test as written in YAML, before it is attached to its model or source. <c>File</c> is the YAML file relative to the project folder.</summary>
internal sealed record TestSpec(
    string TestName,
    string? Column,
    IReadOnlyDictionary<string, object?> Arguments,
    TestSeverity Severity,
    string? Where,
    IReadOnlyList<string> Tags,
    string? CustomName,
    string File,
    string DefinedAt);

/// <summary>
/// Reads the dbt-shaped YAML files: <c>models:</c> (description, config, columns, tests) and <c>sources:</c>
/// (schema, tables, columns, tests). Every problem is an error at its line.
/// </summary>
internal static class SchemaFileReader
{
    public static readonly IReadOnlyList<string> GenericTests =
        ["not_null", "unique", "accepted_values", "relationships", "unique_combination_of_columns", "expression_is_true"];

    private static readonly string[] s_fileKeys = ["version", "models", "sources"];
    private static readonly string[] s_modelKeys = ["name", "description", "config", "columns", "tests", "data_tests", "meta", "docs"];
    private static readonly string[] s_columnKeys = ["name", "description", "data_type", "tests", "data_tests", "meta", "quote"];
    private static readonly string[] s_sourceKeys = ["name", "schema", "description", "tables", "meta", "loader", "database"];
    private static readonly string[] s_tableKeys = ["name", "identifier", "description", "columns", "tests", "data_tests", "meta", "optional"];

    public static (IReadOnlyList<ModelDoc> Models, IReadOnlyList<(SourceTable Table, IReadOnlyList<TestSpec> Tests)> Sources) Read(
        YamlFile file, string projectName, string defaultSchema)
    {
        var models = new List<ModelDoc>();
        var sources = new List<(SourceTable, IReadOnlyList<TestSpec>)>();
        foreach (var (key, keyNode, value) in file.Entries(file.Root))
        {
            switch (key)
            {
                case "version":
                    break;
                case "models":
                    foreach (var entry in Sequence(file, value, "'models'"))
                    {
                        models.Add(ReadModel(file, entry));
                    }

                    break;
                case "sources":
                    sources.AddRange(ReadSources(file, value, projectName, defaultSchema));
                    break;
                default:
                    throw Error(file, keyNode, $"unknown key '{key}' (known: {string.Join(", ", s_fileKeys)})");
            }
        }

        return (models, sources);
    }

    public static IEnumerable<(SourceTable Table, IReadOnlyList<TestSpec> Tests)> ReadSources(YamlFile file, YamlNode node, string projectName, string defaultSchema)
    {
        foreach (var entry in Sequence(file, node, "'sources'"))
        {
            var source = Mapping(file, entry, "each source", s_sourceKeys);
            var name = Required(file, entry, source, "name", "a source");
            var schema = Text(file, source, "schema") ?? name;
            var description = Text(file, source, "description");
            if (!source.TryGetValue("tables", out var tables))
            {
                throw Error(file, entry, $"source '{name}' has no 'tables:'");
            }

            foreach (var tableNode in Sequence(file, tables, "'tables'"))
            {
                var table = Mapping(file, tableNode, "each table", s_tableKeys);
                var tableName = Required(file, tableNode, table, "name", "a source table");
                var (columns, tests) = ReadColumns(file, table);
                tests.AddRange(ReadTests(file, table, column: null));
                yield return (new SourceTable
                {
                    UniqueId = $"source.{projectName}.{name}.{tableName}",
                    SourceName = name,
                    Name = tableName,
                    Schema = schema,
                    Identifier = Text(file, table, "identifier") ?? tableName,
                    Description = Text(file, table, "description") ?? description,
                    Columns = columns,
                    Optional = Flag(file, table, "optional"),
                    DefinedAt = file.At(tableNode).ToString(),
                }, tests);
            }
        }
    }

    private static ModelDoc ReadModel(YamlFile file, YamlNode entry)
    {
        var model = Mapping(file, entry, "each model", s_modelKeys);
        var name = Required(file, entry, model, "name", "a model");
        var config = model.TryGetValue("config", out var configNode)
            ? (IReadOnlyDictionary<string, object?>)(YamlFile.ToValue(file.Mapping(configNode, "'config'")) as Dictionary<string, object?> ?? [])
            : new Dictionary<string, object?>(StringComparer.Ordinal);
        var (columns, tests) = ReadColumns(file, model);
        tests.AddRange(ReadTests(file, model, column: null));
        return new ModelDoc(name, Text(file, model, "description"), config, columns, tests, file.At(entry).ToString());
    }

    private static (List<ColumnDoc> Columns, List<TestSpec> Tests) ReadColumns(YamlFile file, Dictionary<string, YamlNode> owner)
    {
        var columns = new List<ColumnDoc>();
        var tests = new List<TestSpec>();
        if (!owner.TryGetValue("columns", out var node))
        {
            return (columns, tests);
        }

        foreach (var entry in Sequence(file, node, "'columns'"))
        {
            var column = Mapping(file, entry, "each column", s_columnKeys);
            var name = Required(file, entry, column, "name", "a column");
            if (columns.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw Error(file, entry, $"column '{name}' is listed twice");
            }

            columns.Add(new ColumnDoc(name, Text(file, column, "description"), Text(file, column, "data_type")));
            tests.AddRange(ReadTests(file, column, name));
        }

        return (columns, tests);
    }

    private static IEnumerable<TestSpec> ReadTests(YamlFile file, Dictionary<string, YamlNode> owner, string? column)
    {
        if (owner.ContainsKey("tests") && owner.ContainsKey("data_tests"))
        {
            throw Error(file, owner["tests"], "use either 'tests:' or 'data_tests:', not both");
        }

        if (!owner.TryGetValue("data_tests", out var node) && !owner.TryGetValue("tests", out node))
        {
            yield break;
        }

        foreach (var entry in Sequence(file, node, "'tests'"))
        {
            yield return ReadTest(file, entry, column);
        }
    }

    private static TestSpec ReadTest(YamlFile file, YamlNode entry, string? column)
    {
        string name;
        Dictionary<string, YamlNode> settings;
        if (entry is YamlScalarNode)
        {
            name = file.RequiredScalar(entry, "a test name");
            settings = new(StringComparer.Ordinal);
        }
        else
        {
            var mapping = file.Mapping(entry, "each test");
            if (mapping.Children.Count != 1)
            {
                throw Error(file, entry, "a test is its name, or one 'name: {arguments}' entry, for example '- accepted_values: {values: [a, b]}'");
            }

            var (key, value) = mapping.Children.First();
            name = file.RequiredScalar(key, "a test name");
            settings = file.Entries(file.Mapping(value, $"the arguments of '{name}'")).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        }

        var testName = name.StartsWith("dbt_utils.", StringComparison.Ordinal) ? name["dbt_utils.".Length..] : name;
        if (!GenericTests.Contains(testName, StringComparer.Ordinal))
        {
            throw Error(file, entry, $"unknown test '{name}' (known: {string.Join(", ", GenericTests)}; a query of your own goes in tests/*.sql)");
        }

        // Test settings may sit beside the arguments or under config:, as in dbt.
        var options = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (settings.Remove("config", out var configNode))
        {
            foreach (var (key, keyNode, value) in file.Entries(file.Mapping(configNode, "'config'")))
            {
                if (key is not ("severity" or "where" or "tags"))
                {
                    throw Error(file, keyNode, $"unknown test setting '{key}' (known: severity, where, tags)");
                }

                options[key] = value;
            }
        }

        foreach (var key in new[] { "severity", "where", "tags", "name" })
        {
            if (settings.Remove(key, out var value))
            {
                options[key] = value;
            }
        }

        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (settings.Remove("arguments", out var argumentsNode))
        {
            foreach (var (key, _, value) in file.Entries(file.Mapping(argumentsNode, "'arguments'")))
            {
                arguments[key] = YamlFile.ToValue(value);
            }
        }

        foreach (var (key, value) in settings)
        {
            arguments[key] = YamlFile.ToValue(value);
        }

        var severityText = options.TryGetValue("severity", out var severityNode) ? file.RequiredScalar(severityNode, "'severity'") : "error";
        var severity = severityText.ToLowerInvariant() switch
        {
            "error" => TestSeverity.Error,
            "warn" => TestSeverity.Warn,
            _ => throw Error(file, severityNode!, $"severity '{severityText}' is not 'warn' or 'error'"),
        };
        var tags = options.TryGetValue("tags", out var tagsNode)
            ? tagsNode is YamlSequenceNode ? file.StringList(tagsNode, "'tags'") : [file.RequiredScalar(tagsNode, "'tags'")]
            : [];
        var spec = new TestSpec(
            testName,
            column ?? (arguments.GetValueOrDefault("column_name") as string),
            arguments,
            severity,
            options.TryGetValue("where", out var whereNode) ? file.RequiredScalar(whereNode, "'where'") : null,
            tags,
            options.TryGetValue("name", out var nameNode) ? file.RequiredScalar(nameNode, "'name'") : null,
            file.Path,
            file.At(entry).ToString());
        CheckArguments(file, entry, spec);
        return spec;
    }

    private static void CheckArguments(YamlFile file, YamlNode entry, TestSpec spec)
    {
        void Require(string argument, string example)
        {
            if (!spec.Arguments.TryGetValue(argument, out var value) || value is null)
            {
                throw Error(file, entry, $"test '{spec.TestName}' needs '{argument}', for example {example}");
            }
        }

        switch (spec.TestName)
        {
            case "not_null" or "unique" when spec.Column is null:
                throw Error(file, entry, $"test '{spec.TestName}' belongs under a column (or give column_name: ...)");
            case "accepted_values":
                Require("values", "values: ['a', 'b']");
                if (spec.Arguments["values"] is not System.Collections.IList { Count: > 0 })
                {
                    throw Error(file, entry, "accepted_values: 'values' must be a non-empty list");
                }

                if (spec.Column is null)
                {
                    throw Error(file, entry, "test 'accepted_values' belongs under a column");
                }

                break;
            case "relationships":
                Require("to", "to: ref('customers')");
                Require("field", "field: id");
                if (spec.Column is null)
                {
                    throw Error(file, entry, "test 'relationships' belongs under a column");
                }

                break;
            case "unique_combination_of_columns":
                Require("combination_of_columns", "combination_of_columns: [connection_id, day]");
                if (spec.Arguments["combination_of_columns"] is not System.Collections.IList { Count: > 0 })
                {
                    throw Error(file, entry, "unique_combination_of_columns: 'combination_of_columns' must be a non-empty list");
                }

                break;
            case "expression_is_true":
                Require("expression", "expression: \"amount >= 0\"");
                break;
        }
    }

    private static IEnumerable<YamlNode> Sequence(YamlFile file, YamlNode node, string what) =>
        node switch
        {
            YamlSequenceNode sequence => sequence.Children,
            YamlScalarNode scalar when YamlFile.IsNull(scalar) => [],
            _ => throw Error(file, node, $"{what} must be a list ('- name: ...' entries)"),
        };

    private static Dictionary<string, YamlNode> Mapping(YamlFile file, YamlNode node, string what, string[] known)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in file.Entries(file.Mapping(node, what)))
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw Error(file, keyNode, $"unknown key '{key}' (known: {string.Join(", ", known)})");
            }

            result[key] = value;
        }

        return result;
    }

    private static string Required(YamlFile file, YamlNode entry, Dictionary<string, YamlNode> mapping, string key, string what) =>
        mapping.TryGetValue(key, out var value) ? file.RequiredScalar(value, $"'{key}'") : throw Error(file, entry, $"{what} needs a '{key}'");

    private static string? Text(YamlFile file, Dictionary<string, YamlNode> mapping, string key) =>
        mapping.TryGetValue(key, out var value) ? file.Scalar(value, $"'{key}'") : null;

    private static bool Flag(YamlFile file, Dictionary<string, YamlNode> mapping, string key) =>
        mapping.TryGetValue(key, out var value) && (file.Scalar(value, $"'{key}'") ?? "false").ToLowerInvariant() switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            _ => throw Error(file, value, $"'{key}' must be true or false"),
        };

    private static ProjectException Error(YamlFile file, YamlNode node, string problem) => new($"{file.At(node)}: {problem}");
}
