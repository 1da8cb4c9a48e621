using System.Text.RegularExpressions;
using Logbook.Core.Graph;

namespace Logbook.Core.Selection;

/// <summary>
/// Resolves selectors against a project's nodes and graph with set algebra: each term's matches, widened by its
/// <c>+</c> modifiers, are intersected within a comma group, the groups are united, and <c>--exclude</c> is
/// subtracted. No selector selects every node.
/// </summary>
public sealed class NodeSelector(IReadOnlyCollection<SelectableNode> nodes, Dag graph)
{
    public IReadOnlySet<string> Select(string? select, string? exclude = null)
    {
        var selected = string.IsNullOrWhiteSpace(select)
            ? nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal)
            : Resolve(SelectorParser.Parse(select));
        if (!string.IsNullOrWhiteSpace(exclude))
        {
            selected.ExceptWith(Resolve(SelectorParser.Parse(exclude)));
        }

        return selected;
    }

    private HashSet<string> Resolve(IReadOnlyList<IReadOnlyList<SelectionCriterion>> union)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var intersection in union)
        {
            HashSet<string>? group = null;
            foreach (var criterion in intersection)
            {
                var matches = Widen(Match(criterion), criterion);
                if (group is null)
                {
                    group = matches;
                }
                else
                {
                    group.IntersectWith(matches);
                }
            }

            result.UnionWith(group ?? []);
        }

        return result;
    }

    private HashSet<string> Match(SelectionCriterion criterion)
    {
        Func<SelectableNode, bool> predicate = criterion.Method switch
        {
            "name" when criterion.Value.Contains('*', StringComparison.Ordinal) => Glob(criterion.Value),
            "name" => n => string.Equals(n.Name, criterion.Value, StringComparison.Ordinal),
            "tag" => n => n.Tags.Contains(criterion.Value, StringComparer.OrdinalIgnoreCase),
            "path" => n => IsUnder(n.Path, criterion.Value),
            _ => throw new SelectionException($"Unknown selector method '{criterion.Method}'."),
        };
        return nodes.Where(predicate).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
    }

    private HashSet<string> Widen(HashSet<string> matches, SelectionCriterion criterion)
    {
        var widened = new HashSet<string>(matches, StringComparer.Ordinal);
        foreach (var node in matches)
        {
            if (criterion.ParentDepth is { } up)
            {
                widened.UnionWith(graph.Ancestors(node, up == int.MaxValue ? null : up));
            }

            if (criterion.ChildDepth is { } down)
            {
                widened.UnionWith(graph.Descendants(node, down == int.MaxValue ? null : down));
            }
        }

        return widened;
    }

    private static Func<SelectableNode, bool> Glob(string pattern)
    {
        var regex = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
        return n => regex.IsMatch(n.Name);
    }

    /// <summary><c>path:models/staging</c> matches that folder and everything below it, and a file by its path.</summary>
    private static bool IsUnder(string nodePath, string selector)
    {
        var node = nodePath.Replace('\\', '/').TrimStart('.', '/');
        var prefix = selector.Replace('\\', '/').TrimStart('.', '/').TrimEnd('/');
        return string.Equals(node, prefix, StringComparison.Ordinal) || node.StartsWith(prefix + "/", StringComparison.Ordinal);
    }
}
