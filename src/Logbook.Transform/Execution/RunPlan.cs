using Logbook.Core.Graph;
using Logbook.Core.Selection;
using Logbook.Transform.Project;

namespace Logbook.Transform.Execution;

/// <summary>
/// Which nodes an invocation runs and in what order: the selection (dbt's selector syntax) applied to models and
/// tests, tests picked up eagerly with their models, and a graph over just those nodes in which each node waits
/// for its nearest selected ancestors. In <c>build</c>, a model's tests also gate the model's children.
/// </summary>
public sealed class RunPlan
{
    private RunPlan(IReadOnlyList<string> nodes, Dag graph)
    {
        Nodes = nodes;
        Graph = graph;
    }

    /// <summary>The unique ids to run, in a topological order.</summary>
    public IReadOnlyList<string> Nodes { get; }

    /// <summary>Dependencies among the planned nodes only.</summary>
    public Dag Graph { get; }

    public static RunPlan Create(Manifest manifest, RunCommand command, string? select, string? exclude)
    {
        var selectable = manifest.Models.Values.Select(m => new SelectableNode(m.Name, m.Config.Tags, m.OriginalFilePath))
            .Concat(manifest.Tests.Values.Select(t => new SelectableNode(t.Name, TestTags(manifest, t), t.OriginalFilePath)))
            .ToList();
        var names = manifest.Graph.Nodes.ToDictionary(id => id, id => NameOf(manifest, id), StringComparer.Ordinal);
        var byName = new Dag(
            selectable.Select(s => s.Name),
            manifest.Graph.Nodes.SelectMany(id => manifest.Graph.Children(id).Select(child => (id, child)))
                .Where(e => names[e.id] is not null && names[e.child] is not null)
                .Select(e => (names[e.id]!, names[e.child]!)));
        var selector = new NodeSelector(selectable, byName);
        var selected = selector.Select(select, exclude).ToHashSet(StringComparer.Ordinal);
        var excluded = string.IsNullOrWhiteSpace(exclude) ? new HashSet<string>(StringComparer.Ordinal) : selector.Select(exclude).ToHashSet(StringComparer.Ordinal);

        // Eager indirect selection, as dbt: a test runs when any model it reads is selected (unless excluded).
        foreach (var test in manifest.Tests.Values)
        {
            if (!excluded.Contains(test.Name) && test.DependsOn.Any(d => manifest.ModelById(d) is { } m && selected.Contains(m.Name)))
            {
                selected.Add(test.Name);
            }
        }

        var planned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in manifest.Models.Values.Where(m => selected.Contains(m.Name)))
        {
            if (command == RunCommand.Compile || (command is RunCommand.Run or RunCommand.Build && model.Config.Materialized != Materialization.Ephemeral))
            {
                planned.Add(model.UniqueId);
            }
        }

        if (command is RunCommand.Test or RunCommand.Build or RunCommand.Compile)
        {
            planned.UnionWith(manifest.Tests.Values.Where(t => selected.Contains(t.Name)).Select(t => t.UniqueId));
        }

        var edges = new List<(string, string)>();
        foreach (var node in planned)
        {
            edges.AddRange(manifest.Graph.Ancestors(node).Where(planned.Contains).Select(a => (a, node)));
        }

        if (command == RunCommand.Build)
        {
            foreach (var test in manifest.Tests.Values.Where(t => planned.Contains(t.UniqueId) && t.AttachedNode is not null))
            {
                foreach (var child in manifest.Graph.Children(test.AttachedNode!).Where(c => planned.Contains(c) && manifest.ModelById(c) is not null))
                {
                    // A test that also reads something downstream of the child cannot gate it (that would be a cycle).
                    var childDescendants = manifest.Graph.Descendants(child);
                    if (!test.DependsOn.Any(d => d == child || childDescendants.Contains(d)))
                    {
                        edges.Add((test.UniqueId, child));
                    }
                }
            }
        }

        var graph = new Dag(planned, edges);
        return new RunPlan(graph.TopologicalOrder(), graph);
    }

    private static string? NameOf(Manifest manifest, string id) =>
        manifest.ModelById(id)?.Name ?? (id.StartsWith("test.", StringComparison.Ordinal) ? id[(id.IndexOf('.', 5) + 1)..] : null);

    /// <summary>A generic test's tags, plus its model's (so <c>tag:x</c> finds tests written on tagged models).</summary>
    private static IReadOnlyCollection<string> TestTags(Manifest manifest, TestNode test) =>
        test.AttachedNode is { } owner && manifest.ModelById(owner) is { } model ? [.. test.Tags, .. model.Config.Tags] : test.Tags;
}
