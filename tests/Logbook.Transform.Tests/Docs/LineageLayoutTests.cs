using Logbook.Transform.Docs;

namespace Logbook.Transform.Tests.Docs;

public sealed class LineageLayoutTests
{
    [Fact]
    public void A_child_sits_in_a_later_layer_than_every_parent()
    {
        // a -> b -> c, a -> c (skip edge), d -> c, e alone.
        var layout = LineageLayout.Compute(
            ["c", "a", "e", "b", "d"],
            [("a", "b"), ("b", "c"), ("a", "c"), ("d", "c")]);

        layout.LayerOf("a").Should().Be(0);
        layout.LayerOf("d").Should().Be(0);
        layout.LayerOf("e").Should().Be(0);
        layout.LayerOf("b").Should().Be(1);
        layout.LayerOf("c").Should().Be(2, "the layer is the longest path from a root, not the shortest");
        layout.Layers.Should().HaveCount(3);
        layout.Layers.SelectMany(l => l).Should().BeEquivalentTo(["a", "b", "c", "d", "e"]);
    }

    [Fact]
    public void Every_edge_points_to_a_later_layer_in_a_wider_graph()
    {
        var nodes = Enumerable.Range(0, 60).Select(i => $"n{i:00}").ToList();
        var edges = new List<(string, string)>();
        for (var i = 1; i < nodes.Count; i++)
        {
            edges.Add((nodes[i / 3], nodes[i]));
            edges.Add((nodes[((i * 37) + 11) % i], nodes[i]));
        }

        var layout = LineageLayout.Compute(nodes, edges);

        foreach (var (parent, child) in edges.Where(e => e.Item1 != e.Item2))
        {
            layout.LayerOf(child).Should().BeGreaterThan(layout.LayerOf(parent), $"{parent} -> {child}");
        }
        foreach (var layer in layout.Layers)
        {
            layer.Select(layout.RowOf).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems("boxes in a column never overlap");
        }
    }

    [Fact]
    public void The_barycenter_pass_removes_an_avoidable_crossing()
    {
        // Sorted by id, x would sit above y and the edges a->y and b->x would cross.
        var layout = LineageLayout.Compute(["a", "b", "x", "y"], [("a", "y"), ("b", "x")]);

        layout.Layers[0].Should().Equal("a", "b");
        layout.Layers[1].Should().Equal("y", "x");
        layout.RowOf("y").Should().BeLessThan(layout.RowOf("x"));
    }

    [Fact]
    public void A_lone_chain_lines_up_on_one_row()
    {
        var layout = LineageLayout.Compute(["a", "b", "c"], [("a", "b"), ("b", "c")]);

        layout.Layers.Select(l => l.Count).Should().Equal(1, 1, 1);
        new[] { "a", "b", "c" }.Select(layout.RowOf).Should().AllBeEquivalentTo(0.0);
        layout.RowCount.Should().Be(1);
    }

    [Fact]
    public void A_cycle_or_an_unknown_endpoint_does_not_break_the_layout()
    {
        var layout = LineageLayout.Compute(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("a", "zz"), ("d", "d")]);

        layout.Layers.SelectMany(l => l).Should().BeEquivalentTo(["a", "b", "c", "d"]);
        layout.LayerOf("d").Should().BeGreaterThan(layout.LayerOf("c"));
    }

    [Fact]
    public void The_same_graph_always_gets_the_same_layout()
    {
        var edges = new[] { ("s1", "m1"), ("s2", "m1"), ("s2", "m2"), ("m1", "f"), ("m2", "f"), ("s3", "m2") };
        var first = LineageLayout.Compute(["s1", "s2", "s3", "m1", "m2", "f"], edges);
        var second = LineageLayout.Compute(["f", "m2", "m1", "s3", "s2", "s1"], edges.Reverse());

        second.Layers.Should().BeEquivalentTo(first.Layers, o => o.WithStrictOrdering());
        foreach (var id in new[] { "s1", "s2", "s3", "m1", "m2", "f" })
        {
            second.RowOf(id).Should().Be(first.RowOf(id));
        }
    }
}
