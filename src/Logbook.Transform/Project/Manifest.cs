using Logbook.Core.Configuration;
using Logbook.Core.Graph;

namespace Logbook.Transform.Project;

/// <summary>
/// The parsed project, the single product of parsing that everything downstream reads (dbt's manifest): models,
/// sources and tests by name, and the dependency graph over their unique ids.
/// </summary>
public sealed class Manifest
{
    public required LogbookProject Project { get; init; }

    public string ProjectName => Project.Name;

    public required IReadOnlyDictionary<string, ModelNode> Models { get; init; }

    /// <summary>Source tables by <c>source.table</c>.</summary>
    public required IReadOnlyDictionary<string, SourceTable> Sources { get; init; }

    public required IReadOnlyDictionary<string, TestNode> Tests { get; init; }

    /// <summary>Variables after <c>--vars</c> overrides.</summary>
    public required TemplateValues Values { get; init; }

    /// <summary>Edges from each model, source or test to what reads it (unique ids).</summary>
    public required Dag Graph { get; init; }

    // Built on first use; a race builds the same dictionary twice, which is harmless.
    private Dictionary<string, ModelNode>? _modelsById;
    private Dictionary<string, SourceTable>? _sourcesById;
    private Dictionary<string, TestNode>? _testsById;

    public TestNode? TestById(string uniqueId) =>
        (_testsById ??= Tests.Values.ToDictionary(t => t.UniqueId, StringComparer.Ordinal)).GetValueOrDefault(uniqueId);

    public ModelNode? ModelById(string uniqueId) =>
        (_modelsById ??= Models.Values.ToDictionary(m => m.UniqueId, StringComparer.Ordinal)).GetValueOrDefault(uniqueId);

    public SourceTable? SourceById(string uniqueId) =>
        (_sourcesById ??= Sources.Values.ToDictionary(s => s.UniqueId, StringComparer.Ordinal)).GetValueOrDefault(uniqueId);

    /// <summary>The relation a model or source id is read from; ephemeral models have none.</summary>
    public string? RelationOf(string uniqueId) => ModelById(uniqueId)?.RelationName ?? SourceById(uniqueId)?.RelationName;
}
