using Logbook.Core.Graph;

namespace Logbook.Core.Tests.Graph;

public sealed class DagTests
{
    // stg_a -> int_x -> fct_1
    // stg_b -> int_x
    // stg_b -> fct_2
    private static Dag Sample() => new(
        ["stg_a", "stg_b", "int_x", "fct_1", "fct_2", "lonely"],
        [("stg_a", "int_x"), ("stg_b", "int_x"), ("int_x", "fct_1"), ("stg_b", "fct_2")]);

    [Fact]
    public void Levels_put_every_node_after_its_parents_and_group_independent_nodes()
    {
        var levels = Sample().Levels();
        levels.Should().HaveCount(3);
        levels[0].Should().Equal("lonely", "stg_a", "stg_b");
        levels[1].Should().Equal("fct_2", "int_x");
        levels[2].Should().Equal("fct_1");
    }

    [Fact]
    public void Ancestors_and_descendants_respect_the_depth()
    {
        var dag = Sample();
        dag.Ancestors("fct_1").Should().BeEquivalentTo("int_x", "stg_a", "stg_b");
        dag.Ancestors("fct_1", depth: 1).Should().BeEquivalentTo("int_x");
        dag.Descendants("stg_b").Should().BeEquivalentTo("int_x", "fct_1", "fct_2");
        dag.Descendants("stg_b", depth: 1).Should().BeEquivalentTo("int_x", "fct_2");
        dag.Descendants("lonely").Should().BeEmpty();
    }

    [Fact]
    public void A_cycle_is_refused_and_named()
    {
        var dag = new Dag(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]);
        dag.FindCycle().Should().Equal("a", "b", "c", "a");
        dag.Invoking(d => d.Levels()).Should().Throw<DagCycleException>().WithMessage("Dependency cycle: a --> b --> c --> a");
    }

    [Fact]
    public void A_self_reference_is_a_cycle()
    {
        new Dag(["a"], [("a", "a")]).FindCycle().Should().Equal("a", "a");
    }

    [Fact]
    public void An_acyclic_graph_has_no_cycle_and_a_subgraph_keeps_inner_edges()
    {
        var dag = Sample();
        dag.FindCycle().Should().BeNull();
        var sub = dag.Subgraph(new HashSet<string> { "stg_b", "int_x", "fct_1" });
        sub.TopologicalOrder().Should().Equal("stg_b", "int_x", "fct_1");
        sub.Parents("int_x").Should().BeEquivalentTo("stg_b");
    }

    [Fact]
    public void An_edge_to_an_unknown_node_is_refused()
    {
        var act = () => new Dag(["a"], [("a", "missing")]);
        act.Should().Throw<ArgumentException>().WithMessage("*a -> missing*");
    }

    [Fact]
    public void Deep_chains_do_not_overflow_the_stack()
    {
        var names = Enumerable.Range(0, 50_000).Select(i => $"m{i}").ToArray();
        var dag = new Dag(names, names.Zip(names.Skip(1)));
        dag.FindCycle().Should().BeNull();
        dag.Levels().Should().HaveCount(50_000);
    }
}
