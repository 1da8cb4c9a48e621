namespace Logbook.Transform.Docs;

/// <summary>
/// A layered layout for the lineage graph, left to right: a node's layer is the longest path from a root, so every
/// child sits right of all its parents; within a layer nodes are ordered by barycenter sweeps to cut crossings, then
/// given a row pulled towards their parents' rows. Deterministic: ties always fall back to the unique_id.
/// </summary>
internal sealed class LineageLayout
{
    // Two down/up sweeps settle small graphs; more rarely changes anything a reader would notice.
    private const int Sweeps = 2;

    private readonly Dictionary<string, int> layerOf;
    private readonly Dictionary<string, double> rowOf;

    private LineageLayout(List<List<string>> layers, Dictionary<string, int> layerOf, Dictionary<string, double> rowOf)
    {
        Layers = layers;
        this.layerOf = layerOf;
        this.rowOf = rowOf;
        RowCount = rowOf.Count == 0 ? 0 : rowOf.Values.Max() + 1;
    }

    /// <summary>Node ids per layer (column), top to bottom.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Layers { get; }

    /// <summary>The vertical extent in rows: the highest row plus one.</summary>
    public double RowCount { get; }

    public int LayerOf(string id) => layerOf[id];

    /// <summary>The vertical slot of a node; fractional when it is pulled level with its parents.</summary>
    public double RowOf(string id) => rowOf[id];

    public static LineageLayout Compute(IEnumerable<string> nodes, IEnumerable<(string Parent, string Child)> edges)
    {
        var ids = nodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var known = ids.ToHashSet(StringComparer.Ordinal);
        var parents = ids.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        var children = ids.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (parent, child) in edges.Distinct().OrderBy(e => e.Parent, StringComparer.Ordinal).ThenBy(e => e.Child, StringComparer.Ordinal))
        {
            if (known.Contains(parent) && known.Contains(child) && !string.Equals(parent, child, StringComparison.Ordinal))
            {
                parents[child].Add(parent);
                children[parent].Add(child);
            }
        }

        var layerOf = AssignLayers(ids, parents, children);
        var layers = Enumerable.Range(0, ids.Count == 0 ? 0 : layerOf.Values.Max() + 1)
            .Select(_ => new List<string>())
            .ToList();
        foreach (var id in ids)
        {
            layers[layerOf[id]].Add(id);
        }

        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            Renumber(layer, position);
        }
        for (var sweep = 0; sweep < Sweeps; sweep++)
        {
            for (var i = 1; i < layers.Count; i++)
            {
                Reorder(layers[i], parents, position);
            }
            for (var i = layers.Count - 2; i >= 0; i--)
            {
                Reorder(layers[i], children, position);
            }
        }
        for (var i = 1; i < layers.Count; i++)
        {
            Reorder(layers[i], parents, position);
        }

        return new LineageLayout(layers, layerOf, AssignRows(layers, parents, children));
    }

    /// <summary>
    /// Longest path from a root, by Kahn's algorithm. A cycle (the engine refuses them, but the page must not hang or
    /// crash on a hand-edited manifest) is broken at its smallest id, which is then laid out after the parents seen so far.
    /// </summary>
    private static Dictionary<string, int> AssignLayers(
        List<string> ids, Dictionary<string, List<string>> parents, Dictionary<string, List<string>> children)
    {
        var layerOf = ids.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        var waiting = ids.ToDictionary(id => id, id => parents[id].Count, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var ready = new Queue<string>(ids.Where(id => waiting[id] == 0));
        while (done.Count < ids.Count)
        {
            if (ready.Count == 0)
            {
                ready.Enqueue(ids.First(id => !done.Contains(id)));
            }
            var id = ready.Dequeue();
            if (!done.Add(id))
            {
                continue;
            }
            foreach (var child in children[id])
            {
                if (done.Contains(child))
                {
                    continue;
                }
                layerOf[child] = Math.Max(layerOf[child], layerOf[id] + 1);
                if (--waiting[child] == 0)
                {
                    ready.Enqueue(child);
                }
            }
        }
        return layerOf;
    }

    /// <summary>Sorts a layer by the mean position of its neighbours in other layers; a node without any keeps its place.</summary>
    private static void Reorder(List<string> layer, Dictionary<string, List<string>> neighbours, Dictionary<string, int> position)
    {
        var keys = layer.ToDictionary(
            id => id,
            id => neighbours[id].Count == 0 ? position[id] : neighbours[id].Average(n => (double)position[n]),
            StringComparer.Ordinal);
        layer.Sort((a, b) =>
        {
            var byCenter = keys[a].CompareTo(keys[b]);
            return byCenter != 0 ? byCenter : position[a].CompareTo(position[b]);
        });
        Renumber(layer, position);
    }

    private static void Renumber(List<string> layer, Dictionary<string, int> position)
    {
        for (var i = 0; i < layer.Count; i++)
        {
            position[layer[i]] = i;
        }
    }

    /// <summary>
    /// The first layer is stacked from the top; every later node aims for the mean row of its parents but never
    /// overlaps the node above it, so order is kept and short chains line up horizontally. The roots are then pulled
    /// level with their children, so a column of sources faces what reads from it instead of bunching at the top.
    /// </summary>
    private static Dictionary<string, double> AssignRows(
        List<List<string>> layers, Dictionary<string, List<string>> parents, Dictionary<string, List<string>> children)
    {
        var rowOf = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            Stack(layer, rowOf, id => parents[id].Where(rowOf.ContainsKey).Select(p => rowOf[p]));
        }
        if (layers.Count > 1)
        {
            var placed = new Dictionary<string, double>(rowOf, StringComparer.Ordinal);
            foreach (var id in layers[0])
            {
                rowOf.Remove(id);
            }
            Stack(layers[0], rowOf, id => children[id].Where(placed.ContainsKey).Select(c => placed[c]));
        }
        return rowOf;
    }

    /// <summary>Places a layer top to bottom, each node at the mean of its neighbours' rows or just below the one above.</summary>
    private static void Stack(List<string> layer, Dictionary<string, double> rowOf, Func<string, IEnumerable<double>> neighbourRows)
    {
        var next = 0.0;
        foreach (var id in layer)
        {
            var rows = neighbourRows(id).ToList();
            var row = Math.Max(rows.Count == 0 ? next : rows.Average(), next);
            rowOf[id] = row;
            next = row + 1;
        }
    }
}
