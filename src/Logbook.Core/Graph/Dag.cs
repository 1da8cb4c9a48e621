namespace Logbook.Core.Graph;

/// <summary>
/// The dependency graph of a project: nodes by unique id, an edge from each upstream node to the node that depends
/// on it. Pure data: it knows nothing about SQL or warehouses (dbt's graph.py over networkx, scaled down).
/// </summary>
public sealed class Dag
{
    private readonly Dictionary<string, HashSet<string>> _parents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _children = new(StringComparer.Ordinal);

    /// <param name="nodes">Every node id.</param>
    /// <param name="edges">(upstream, downstream) pairs; both ends must be nodes.</param>
    public Dag(IEnumerable<string> nodes, IEnumerable<(string Upstream, string Downstream)> edges)
    {
        foreach (var node in nodes)
        {
            _parents.TryAdd(node, []);
            _children.TryAdd(node, []);
        }

        foreach (var (upstream, downstream) in edges)
        {
            if (!_parents.ContainsKey(upstream) || !_parents.ContainsKey(downstream))
            {
                throw new ArgumentException($"Edge {upstream} -> {downstream} refers to a node that is not in the graph.", nameof(edges));
            }

            _parents[downstream].Add(upstream);
            _children[upstream].Add(downstream);
        }
    }

    public IReadOnlyCollection<string> Nodes => _parents.Keys;

    public bool Contains(string node) => _parents.ContainsKey(node);

    public IReadOnlySet<string> Parents(string node) => _parents[node];

    public IReadOnlySet<string> Children(string node) => _children[node];

    /// <summary>Nodes upstream of <paramref name="node"/>, up to <paramref name="depth"/> generations (null: all).</summary>
    public IReadOnlySet<string> Ancestors(string node, int? depth = null) => Walk(node, _parents, depth);

    /// <summary>Nodes downstream of <paramref name="node"/>, up to <paramref name="depth"/> generations (null: all).</summary>
    public IReadOnlySet<string> Descendants(string node, int? depth = null) => Walk(node, _children, depth);

    /// <summary>A cycle as a closed path (<c>a, b, c, a</c>), or null when the graph has none.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        // Iterative depth-first search with colours; the grey path is the current chain.
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 0 white, 1 grey, 2 black
        foreach (var start in _parents.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(start) != 0)
            {
                continue;
            }

            var path = new List<string>();
            var stack = new Stack<(string Node, IEnumerator<string> Next)>();
            state[start] = 1;
            path.Add(start);
            stack.Push((start, _children[start].Order(StringComparer.Ordinal).GetEnumerator()));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Peek();
                if (next.MoveNext())
                {
                    var child = next.Current;
                    switch (state.GetValueOrDefault(child))
                    {
                        case 0:
                            state[child] = 1;
                            path.Add(child);
                            stack.Push((child, _children[child].Order(StringComparer.Ordinal).GetEnumerator()));
                            break;
                        case 1:
                            var cycle = path.Skip(path.IndexOf(child)).ToList();
                            cycle.Add(child);
                            return cycle;
                    }
                }
                else
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                    stack.Pop();
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The nodes in dependency order, grouped in levels: every node's parents are in earlier levels, so the nodes of
    /// one level can run in parallel. Throws <see cref="DagCycleException"/> naming a cycle.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Levels()
    {
        var remaining = _parents.ToDictionary(p => p.Key, p => p.Value.Count, StringComparer.Ordinal);
        var ready = remaining.Where(r => r.Value == 0).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        var levels = new List<IReadOnlyList<string>>();
        var placed = 0;
        while (ready.Count > 0)
        {
            levels.Add(ready);
            placed += ready.Count;
            var next = new List<string>();
            foreach (var node in ready)
            {
                foreach (var child in _children[node])
                {
                    if (--remaining[child] == 0)
                    {
                        next.Add(child);
                    }
                }
            }

            next.Sort(StringComparer.Ordinal);
            ready = next;
        }

        if (placed != _parents.Count)
        {
            throw new DagCycleException(FindCycle() ?? []);
        }

        return levels;
    }

    /// <summary>The nodes in one valid dependency order.</summary>
    public IReadOnlyList<string> TopologicalOrder() => [.. Levels().SelectMany(level => level)];

    /// <summary>The graph restricted to <paramref name="nodes"/>, with the edges between them.</summary>
    public Dag Subgraph(IReadOnlySet<string> nodes) =>
        new(nodes, nodes.SelectMany(node => _parents[node].Where(nodes.Contains).Select(parent => (parent, node))));

    private static HashSet<string> Walk(string start, Dictionary<string, HashSet<string>> next, int? depth)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new List<string> { start };
        for (var generation = 0; frontier.Count > 0 && (depth is null || generation < depth); generation++)
        {
            var following = new List<string>();
            foreach (var node in frontier)
            {
                foreach (var neighbour in next[node])
                {
                    if (seen.Add(neighbour))
                    {
                        following.Add(neighbour);
                    }
                }
            }

            frontier = following;
        }

        seen.Remove(start);
        return seen;
    }
}
