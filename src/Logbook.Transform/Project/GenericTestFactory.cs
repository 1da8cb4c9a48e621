using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Logbook.Transform.Project;

/// <summary>Turns a YAML test into a <see cref="TestNode"/>: its dbt-style name and its dependencies.</summary>
internal static partial class GenericTestFactory
{
    private const int MaxNameLength = 80;

    public static TestNode Create(
        TestSpec spec,
        string owner,
        string projectName,
        IReadOnlyDictionary<string, ModelNode> models,
        IReadOnlyDictionary<string, SourceTable> sources)
    {
        var dependsOn = new List<string> { owner };
        if (spec.TestName == "relationships")
        {
            var to = spec.Arguments["to"] as string ?? string.Empty;
            var target = ParseRelationReference(to, spec.DefinedAt, models, sources);
            if (!dependsOn.Contains(target, StringComparer.Ordinal))
            {
                dependsOn.Add(target);
            }
        }

        var ownerName = owner.StartsWith("source.", StringComparison.Ordinal)
            ? string.Join('_', owner.Split('.')[2..])
            : owner[(owner.LastIndexOf('.') + 1)..];
        var name = spec.CustomName ?? BuildName(spec, ownerName);
        return new TestNode
        {
            UniqueId = $"test.{projectName}.{name}",
            Name = name,
            TestName = spec.TestName,
            AttachedNode = owner,
            ColumnName = spec.Column,
            Arguments = spec.Arguments,
            Severity = spec.Severity,
            Where = spec.Where,
            Tags = spec.Tags,
            DependsOn = dependsOn,
            OriginalFilePath = spec.File,
            DefinedAt = spec.DefinedAt,
        };
    }

    /// <summary>Reads <c>ref('x')</c> or <c>source('a', 'b')</c> in a test argument.</summary>
    internal static string ParseRelationReference(string text, string at, IReadOnlyDictionary<string, ModelNode> models, IReadOnlyDictionary<string, SourceTable> sources)
    {
        var match = RelationReference().Match(text);
        if (!match.Success)
        {
            throw new ProjectException($"{at}: relationships 'to' must be ref('model') or source('source', 'table'), not '{text}'");
        }

        if (match.Groups["model"].Success)
        {
            var model = match.Groups["model"].Value;
            return models.TryGetValue(model, out var node) ? node.UniqueId : throw new ProjectException($"{at}: relationships to ref('{model}'): there is no model named '{model}'");
        }

        var key = $"{match.Groups["source"].Value}.{match.Groups["table"].Value}";
        return sources.TryGetValue(key, out var source) ? source.UniqueId : throw new ProjectException($"{at}: relationships to source {key}: not declared");
    }

    /// <summary>dbt's naming: <c>test_owner_column</c> plus the arguments that tell two tests apart; long names are cut and hashed.</summary>
    private static string BuildName(TestSpec spec, string owner)
    {
        var parts = new List<string> { spec.TestName, owner };
        if (spec.Column is not null)
        {
            parts.Add(spec.Column);
        }

        switch (spec.TestName)
        {
            case "accepted_values":
                parts.Add(string.Join('_', Items(spec.Arguments["values"])));
                break;
            case "relationships":
                parts.Add(RelationReference().Match(spec.Arguments["to"] as string ?? string.Empty) is { Success: true } m
                    ? (m.Groups["model"].Success ? m.Groups["model"].Value : $"{m.Groups["source"].Value}_{m.Groups["table"].Value}")
                    : "to");
                parts.Add(spec.Arguments["field"]?.ToString() ?? string.Empty);
                break;
            case "unique_combination_of_columns":
                parts.Add(string.Join('_', Items(spec.Arguments["combination_of_columns"])));
                break;
            case "expression_is_true":
                parts.Add(spec.Arguments["expression"]?.ToString() ?? string.Empty);
                break;
        }

        var name = Unsafe().Replace(string.Join('_', parts), "_").Trim('_');
        name = Repeated().Replace(name, "_");
        if (name.Length > MaxNameLength)
        {
            var hash = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(name)))[..8];
            name = $"{name[..(MaxNameLength - 9)]}_{hash}";
        }

        return name;
    }

    private static IEnumerable<string> Items(object? value) =>
        value is System.Collections.IEnumerable items and not string ? items.Cast<object?>().Select(i => Convert.ToString(i, System.Globalization.CultureInfo.InvariantCulture) ?? "null") : [];

    [GeneratedRegex(@"^\s*(?:ref\(\s*['""](?<model>[^'""]+)['""]\s*\)|source\(\s*['""](?<source>[^'""]+)['""]\s*,\s*['""](?<table>[^'""]+)['""]\s*\))\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex RelationReference();

    [GeneratedRegex("[^A-Za-z0-9_]+", RegexOptions.CultureInvariant)]
    private static partial Regex Unsafe();

    [GeneratedRegex("_{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Repeated();
}
