using Logbook.Core.Graph;
using Logbook.Core.Selection;

namespace Logbook.Core.Tests.Selection;

public sealed class NodeSelectorTests
{
    private static readonly SelectableNode[] s_nodes =
    [
        new("stg_log", ["staging"], "models/staging/stg_log.sql"),
        new("stg_connection", ["staging"], "models/staging/stg_connection.sql"),
        new("int_syncs", [], "models/intermediate/int_syncs.sql"),
        new("fct_sync_performance", ["performance"], "models/marts/performance/fct_sync_performance.sql"),
        new("fct_connector_health", ["performance"], "models/marts/performance/fct_connector_health.sql"),
        new("fct_monthly_credits", ["usage"], "models/marts/usage/fct_monthly_credits.sql"),
    ];

    private static readonly Dag s_graph = new(
        s_nodes.Select(n => n.Name),
        [
            ("stg_log", "int_syncs"), ("stg_connection", "int_syncs"),
            ("int_syncs", "fct_sync_performance"), ("fct_sync_performance", "fct_connector_health"),
            ("stg_connection", "fct_monthly_credits"),
        ]);

    private static IReadOnlySet<string> Select(string? select, string? exclude = null) =>
        new NodeSelector(s_nodes, s_graph).Select(select, exclude);

    [Fact]
    public void No_selector_selects_everything() => Select(null).Should().HaveCount(6);

    [Fact]
    public void A_bare_word_is_a_name() => Select("int_syncs").Should().BeEquivalentTo("int_syncs");

    [Fact]
    public void Tag_and_path_methods_match()
    {
        Select("tag:performance").Should().BeEquivalentTo("fct_sync_performance", "fct_connector_health");
        Select("path:models/marts").Should().BeEquivalentTo("fct_sync_performance", "fct_connector_health", "fct_monthly_credits");
        Select("path:models/marts/usage/fct_monthly_credits.sql").Should().BeEquivalentTo("fct_monthly_credits");
        Select("path:models/mart").Should().BeEmpty("a path matches whole folders, not name prefixes");
    }

    [Fact]
    public void Plus_widens_to_parents_and_children_with_optional_depth()
    {
        Select("+fct_sync_performance").Should().BeEquivalentTo("fct_sync_performance", "int_syncs", "stg_log", "stg_connection");
        Select("1+fct_sync_performance").Should().BeEquivalentTo("fct_sync_performance", "int_syncs");
        Select("int_syncs+").Should().BeEquivalentTo("int_syncs", "fct_sync_performance", "fct_connector_health");
        Select("int_syncs+1").Should().BeEquivalentTo("int_syncs", "fct_sync_performance");
        Select("+tag:usage").Should().BeEquivalentTo("fct_monthly_credits", "stg_connection");
    }

    [Fact]
    public void Spaces_unite_commas_intersect_and_exclude_subtracts()
    {
        Select("stg_log fct_monthly_credits").Should().BeEquivalentTo("stg_log", "fct_monthly_credits");
        Select("tag:performance,path:models/marts/performance/fct_connector_health.sql").Should().BeEquivalentTo("fct_connector_health");
        Select("+fct_connector_health,tag:staging").Should().BeEquivalentTo("stg_log", "stg_connection");
        Select("path:models", exclude: "tag:staging int_syncs").Should().BeEquivalentTo("fct_sync_performance", "fct_connector_health", "fct_monthly_credits");
    }

    [Fact]
    public void Names_accept_wildcards() => Select("fct_*_performance stg_*").Should().BeEquivalentTo("fct_sync_performance", "stg_log", "stg_connection");

    [Theory]
    [InlineData("tags:usage", "Unknown selector method 'tags'")]
    [InlineData("a++b", "Cannot parse the selector 'a++b'")]
    [InlineData("tag:", "Cannot parse the selector 'tag:'")]
    public void Bad_selectors_are_clear_errors(string selector, string message)
    {
        var act = () => Select(selector);
        act.Should().Throw<SelectionException>().WithMessage(message + "*");
    }

    [Fact]
    public void Terms_print_back_normalised()
    {
        SelectorParser.ParseTerm("2+tag:usage+").ToString().Should().Be("2+tag:usage+");
        SelectorParser.ParseTerm("fct_x+3").ToString().Should().Be("name:fct_x+3");
    }
}
