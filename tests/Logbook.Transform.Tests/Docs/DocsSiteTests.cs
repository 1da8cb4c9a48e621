using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Logbook.Transform.Docs;

namespace Logbook.Transform.Tests.Docs;

public sealed class DocsSiteTests
{
    // source shop.orders -> stg_orders -> fct_orders (table), and stg_orders -> int_orders (ephemeral) -> fct_orders.
    private const string Manifest = """
        {
          "metadata": {"schema_version": "https://logbook.dev/schemas/manifest/v1.json", "logbook_version": "0.1.0",
                       "generated_at": "2026-11-22T07:00:00.000000Z", "invocation_id": "abc", "project_name": "demo", "target_name": "default"},
          "nodes": {
            "model.demo.stg_orders": {"unique_id": "model.demo.stg_orders", "resource_type": "model", "name": "stg_orders",
              "path": "staging/stg_orders.sql", "original_file_path": "models/staging/stg_orders.sql", "schema": "main",
              "alias": "stg_orders", "relation_name": "\"main\".\"stg_orders\"", "description": "Orders, cleaned.",
              "tags": ["staging"], "config": {"materialized": "view", "tags": ["staging"]},
              "columns": {"order_id": {"name": "order_id", "description": "The key.", "data_type": null},
                          "amount": {"name": "amount", "description": "In cents.", "data_type": "BIGINT"}},
              "depends_on": {"nodes": ["source.demo.shop.orders"]}, "raw_code": "select * from {{ source('shop', 'orders') }}"},
            "model.demo.int_orders": {"unique_id": "model.demo.int_orders", "resource_type": "model", "name": "int_orders",
              "path": "intermediate/int_orders.sql", "original_file_path": "models/intermediate/int_orders.sql",
              "relation_name": null, "description": "Ephemeral step.", "config": {"materialized": "ephemeral"},
              "columns": {}, "depends_on": {"nodes": ["model.demo.stg_orders"]}, "raw_code": "select 1"},
            "model.demo.fct_orders": {"unique_id": "model.demo.fct_orders", "resource_type": "model", "name": "fct_orders",
              "path": "marts/fct_orders.sql", "original_file_path": "models/marts/fct_orders.sql",
              "relation_name": "\"main\".\"fct_orders\"", "description": "One row per order.", "config": {"materialized": "table"},
              "columns": {"order_id": {"name": "order_id", "description": "Order key.", "data_type": "VARCHAR"}},
              "depends_on": {"nodes": ["model.demo.stg_orders", "model.demo.int_orders"]}, "raw_code": "select 2"},
            "test.demo.not_null_stg_orders_order_id": {"unique_id": "test.demo.not_null_stg_orders_order_id", "resource_type": "test",
              "name": "not_null_stg_orders_order_id", "attached_node": "model.demo.stg_orders", "column_name": "order_id",
              "test_metadata": {"name": "not_null", "kwargs": {}}, "config": {"severity": "error"},
              "depends_on": {"nodes": ["model.demo.stg_orders"]}, "original_file_path": "models/staging/schema.yml"},
            "test.demo.unique_stg_orders_order_id": {"unique_id": "test.demo.unique_stg_orders_order_id", "resource_type": "test",
              "name": "unique_stg_orders_order_id", "attached_node": "model.demo.stg_orders", "column_name": "order_id",
              "test_metadata": {"name": "unique", "kwargs": {}}, "depends_on": {"nodes": ["model.demo.stg_orders"]}},
            "test.demo.row_count_fct_orders": {"unique_id": "test.demo.row_count_fct_orders", "resource_type": "test",
              "name": "row_count_fct_orders", "attached_node": "model.demo.fct_orders",
              "test_metadata": {"name": "row_count", "kwargs": {}}, "depends_on": {"nodes": ["model.demo.fct_orders"]}},
            "test.demo.assert_positive_amounts": {"unique_id": "test.demo.assert_positive_amounts", "resource_type": "test",
              "name": "assert_positive_amounts", "description": "No order is negative.", "original_file_path": "tests/assert_positive_amounts.sql",
              "raw_code": "select * from {{ ref('fct_orders') }} where amount < 0", "depends_on": {"nodes": ["model.demo.fct_orders"]}}
          },
          "sources": {
            "source.demo.shop.orders": {"unique_id": "source.demo.shop.orders", "resource_type": "source", "source_name": "shop",
              "name": "orders", "schema": "shop", "identifier": "orders", "relation_name": "\"shop\".\"orders\"",
              "description": "Raw orders from the shop.", "columns": {"id": {"name": "id", "description": "Shop order id."}}}
          },
          "parent_map": {
            "model.demo.stg_orders": ["source.demo.shop.orders"],
            "model.demo.int_orders": ["model.demo.stg_orders"],
            "model.demo.fct_orders": ["model.demo.stg_orders", "model.demo.int_orders", "model.demo.stg_orders"],
            "test.demo.not_null_stg_orders_order_id": ["model.demo.stg_orders"],
            "test.demo.unique_stg_orders_order_id": ["model.demo.stg_orders"],
            "test.demo.row_count_fct_orders": ["model.demo.fct_orders"],
            "test.demo.assert_positive_amounts": ["model.demo.fct_orders"],
            "source.demo.shop.orders": []
          },
          "child_map": {
            "source.demo.shop.orders": ["model.demo.stg_orders"],
            "model.demo.stg_orders": ["model.demo.fct_orders", "model.demo.int_orders", "test.demo.not_null_stg_orders_order_id",
                                      "test.demo.unique_stg_orders_order_id"],
            "model.demo.int_orders": ["model.demo.fct_orders"],
            "model.demo.fct_orders": ["test.demo.row_count_fct_orders", "test.demo.assert_positive_amounts"]
          }
        }
        """;

    private const string Catalog = """
        {
          "nodes": {
            "model.demo.stg_orders": {"columns": {
              "amount": {"name": "amount", "type": "DECIMAL(18,2)", "index": 2},
              "order_id": {"name": "order_id", "type": "INTEGER", "index": 1},
              "placed_at": {"name": "placed_at", "type": "TIMESTAMP", "index": 3}}}
          },
          "sources": {
            "source.demo.shop.orders": {"columns": {"id": {"name": "id", "type": "BIGINT", "index": 1}}}
          }
        }
        """;

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static string Render(string? catalog = Catalog) =>
        DocsSite.Render(Parse(Manifest), catalog is null ? null : Parse(catalog));

    /// <summary>The HTML of one documented node's section.</summary>
    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"<section class=\"node\" id=\"{id}\">", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, $"a section for {id} is expected");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    /// <summary>The HTML of one column's row inside a section.</summary>
    private static string ColumnRow(string section, string column)
    {
        var start = section.IndexOf($"<tr class=\"column\" data-column=\"{column}\">", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, $"a row for column {column} is expected");
        return section[start..section.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static int Occurrences(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    [Fact]
    public void Lists_every_model_and_source_with_its_description_and_columns()
    {
        var html = Render();

        html.Should().StartWith("<!DOCTYPE html>");
        html.Should().Contain("<h1>demo</h1>").And.Contain("logbook 0.1.0").And.Contain("2026-11-22T07:00:00.000000Z");

        var staging = Section(html, "model.demo.stg_orders");
        staging.Should().Contain("Orders, cleaned.").And.Contain("models/staging/stg_orders.sql")
            .And.Contain("&quot;main&quot;.&quot;stg_orders&quot;").And.Contain("staging").And.Contain(">view<");
        ColumnRow(staging, "order_id").Should().Contain("The key.");
        ColumnRow(staging, "amount").Should().Contain("In cents.");
        staging.Should().Contain("<pre><code>select * from {{ source(&#39;shop&#39;, &#39;orders&#39;) }}</code></pre>");

        var marts = Section(html, "model.demo.fct_orders");
        marts.Should().Contain("One row per order.").And.Contain(">table<");
        ColumnRow(marts, "order_id").Should().Contain("Order key.").And.Contain("VARCHAR");

        Section(html, "model.demo.int_orders").Should().Contain("Ephemeral step.").And.Contain(">ephemeral<").And.NotContain("Relation");

        var source = Section(html, "source.demo.shop.orders");
        source.Should().Contain("shop.orders").And.Contain("Raw orders from the shop.");
        ColumnRow(source, "id").Should().Contain("Shop order id.");
    }

    [Fact]
    public void The_list_groups_sources_then_models_by_folder_and_links_each_section()
    {
        var html = Render();
        var nav = html[html.IndexOf("<nav", StringComparison.Ordinal)..html.IndexOf("</nav>", StringComparison.Ordinal)];

        nav.Should().Contain("id=\"lb-search\"");
        var order = new[] { "Sources", "shop", "#source.demo.shop.orders", "Models", "intermediate", "#model.demo.int_orders", "marts", "#model.demo.fct_orders", "staging", "#model.demo.stg_orders" }
            .Select(s => nav.IndexOf(s, StringComparison.Ordinal))
            .ToList();
        order.Should().NotContain(-1).And.BeInAscendingOrder();
        nav.Should().NotContain("not_null_stg_orders_order_id", "tests are not listed with models");

        var sections = new[] { "source.demo.shop.orders", "model.demo.int_orders", "model.demo.fct_orders", "model.demo.stg_orders" }
            .Select(id => html.IndexOf($"<section class=\"node\" id=\"{id}\">", StringComparison.Ordinal))
            .ToList();
        sections.Should().NotContain(-1).And.BeInAscendingOrder("the sections follow the list");
    }

    [Fact]
    public void Catalog_types_override_manifest_types_and_add_the_columns_the_warehouse_has()
    {
        var staging = Section(Render(), "model.demo.stg_orders");

        ColumnRow(staging, "order_id").Should().Contain("<td>INTEGER</td>");
        ColumnRow(staging, "amount").Should().Contain("<td>DECIMAL(18,2)</td>").And.NotContain("BIGINT");
        ColumnRow(staging, "placed_at").Should().Contain("<td>TIMESTAMP</td>");
        staging.IndexOf("data-column=\"order_id\"", StringComparison.Ordinal)
            .Should().BeLessThan(staging.IndexOf("data-column=\"amount\"", StringComparison.Ordinal), "the warehouse order wins");
        ColumnRow(Section(Render(), "source.demo.shop.orders"), "id").Should().Contain("<td>BIGINT</td>");
    }

    [Fact]
    public void Without_a_catalog_the_manifest_data_type_is_shown_or_nothing()
    {
        var staging = Section(Render(catalog: null), "model.demo.stg_orders");

        ColumnRow(staging, "amount").Should().Contain("<td>BIGINT</td>");
        ColumnRow(staging, "order_id").Should().Contain("<td></td>");
        staging.Should().NotContain("placed_at");
    }

    [Fact]
    public void Tests_appear_on_their_column_and_model_level_tests_on_the_model()
    {
        var html = Render();
        var staging = Section(html, "model.demo.stg_orders");

        ColumnRow(staging, "order_id").Should().Contain("not_null_stg_orders_order_id").And.Contain("unique_stg_orders_order_id");
        ColumnRow(staging, "amount").Should().NotContain("stg_orders_order_id");

        var marts = Section(html, "model.demo.fct_orders");
        marts.Should().Contain("<h3>Tests</h3>").And.Contain("row_count_fct_orders");
        ColumnRow(marts, "order_id").Should().NotContain("row_count_fct_orders");
        staging.Should().NotContain("row_count_fct_orders");
    }

    [Fact]
    public void Singular_tests_are_listed_in_a_tests_section_at_the_end()
    {
        var html = Render();
        var tests = html[html.IndexOf("<section id=\"lb-tests\"", StringComparison.Ordinal)..];

        tests.Should().Contain("assert_positive_amounts").And.Contain("No order is negative.")
            .And.Contain("tests/assert_positive_amounts.sql").And.Contain("where amount &lt; 0")
            .And.Contain("<a href=\"#model.demo.fct_orders\">fct_orders</a>");
        tests.Should().NotContain("not_null_stg_orders_order_id", "attached tests sit on their model");
        Occurrences(html, "<section class=\"node\"").Should().Be(4);
    }

    [Fact]
    public void Depends_on_and_referenced_by_link_to_the_neighbours_by_name()
    {
        var staging = Section(Render(), "model.demo.stg_orders");

        var dependsOn = staging[staging.IndexOf("Depends on", StringComparison.Ordinal)..staging.IndexOf("Referenced by", StringComparison.Ordinal)];
        dependsOn.Should().Contain("<a href=\"#source.demo.shop.orders\">shop.orders</a>");
        var referencedBy = staging[staging.IndexOf("Referenced by", StringComparison.Ordinal)..];
        referencedBy.Should().Contain("<a href=\"#model.demo.fct_orders\">fct_orders</a>")
            .And.Contain("<a href=\"#model.demo.int_orders\">int_orders</a>")
            .And.NotContain("not_null", "tests are shown as tests, not as dependants");
        referencedBy.IndexOf("fct_orders", StringComparison.Ordinal)
            .Should().BeLessThan(referencedBy.IndexOf("int_orders", StringComparison.Ordinal), "links are sorted by name");
    }

    [Fact]
    public void Html_special_characters_from_the_manifest_are_encoded()
    {
        var manifest = Parse(Manifest);
        var staging = manifest["nodes"]!["model.demo.stg_orders"]!;
        staging["description"] = "<script>alert(1)</script> & \"quotes\"";
        staging["raw_code"] = "select '<b>' as tag where 1 < 2 && x > 0";
        staging["columns"]!["order_id"]!["description"] = "<img src=x onerror=alert(2)>";
        manifest["metadata"]!["project_name"] = "<i>demo</i>";

        var html = DocsSite.Render(manifest, null);

        html.Should().NotContain("<script>alert").And.NotContain("<img").And.NotContain("<i>demo").And.NotContain("'<b>'");
        html.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;");
        html.Should().Contain("select &#39;&lt;b&gt;&#39; as tag where 1 &lt; 2 &amp;&amp; x &gt; 0");
        html.Should().Contain("&lt;img src=x onerror=alert(2)&gt;").And.Contain("&lt;i&gt;demo&lt;/i&gt;");
        Occurrences(html, "<script>").Should().Be(1, "only the page's own script is a script");
    }

    [Fact]
    public void Unusual_unique_ids_become_safe_anchors()
    {
        var manifest = Parse("""
            {"nodes": {"model.demo.we\"ird <id>": {"resource_type": "model", "name": "weird", "path": "weird.sql"}},
             "parent_map": {}, "child_map": {}}
            """);

        var html = DocsSite.Render(manifest, null);

        html.Should().NotContain("we\"ird").And.NotContain("<id>");
        html.Should().Contain("id=\"model.demo.we~22~ird~20~~3c~id~3e~\"").And.Contain("href=\"#model.demo.we~22~ird~20~~3c~id~3e~\"");
    }

    [Fact]
    public void The_lineage_svg_has_one_box_per_model_and_source_and_one_edge_per_dependency()
    {
        var html = Render();
        var svg = html[html.IndexOf("<svg", StringComparison.Ordinal)..html.IndexOf("</svg>", StringComparison.Ordinal)];

        Occurrences(svg, "class=\"lineage-node\"").Should().Be(4, "three models and one source, no tests");
        // source->stg, stg->int, stg->fct, int->fct; the duplicate in parent_map counts once, edges to tests not at all.
        Occurrences(svg, "class=\"lineage-edge\"").Should().Be(4);
        svg.Should().Contain("data-from=\"model.demo.stg_orders\" data-to=\"model.demo.fct_orders\"");
        svg.Should().Contain("data-from=\"source.demo.shop.orders\" data-to=\"model.demo.stg_orders\"");
        svg.Should().Contain("<a class=\"lineage-node\" href=\"#model.demo.fct_orders\"");
        svg.Should().Contain("marker-end=\"url(#lb-arrow)\"").And.Contain("<marker id=\"lb-arrow\"");
        svg.Should().Contain("class=\"kind-source\"").And.Contain("class=\"kind-view\"").And.Contain("class=\"kind-table\"").And.Contain("class=\"kind-ephemeral\"");
        svg.Should().NotContain("not_null");
    }

    [Fact]
    public void Dependencies_known_only_from_depends_on_still_draw_edges()
    {
        var manifest = Parse(Manifest);
        manifest.Remove("parent_map");
        manifest.Remove("child_map");

        var html = DocsSite.Render(manifest, null);

        Occurrences(html, "class=\"lineage-edge\"").Should().Be(4);
        Section(html, "source.demo.shop.orders").Should().Contain("<a href=\"#model.demo.stg_orders\">stg_orders</a>");
    }

    [Fact]
    public void Rendering_is_deterministic_and_ignores_the_order_of_map_keys()
    {
        Render().Should().Be(Render());

        var reordered = Parse(Manifest);
        foreach (var key in new[] { "nodes", "sources", "parent_map", "child_map" })
        {
            var original = reordered[key]!.AsObject();
            var reversed = new JsonObject();
            foreach (var (name, value) in original.Reverse().ToList())
            {
                original.Remove(name);
                reversed[name] = value;
            }
            reordered[key] = reversed;
        }
        DocsSite.Render(reordered, Parse(Catalog)).Should().Be(Render());
    }

    [Fact]
    public void Numbers_are_formatted_the_same_in_every_culture()
    {
        var invariant = Render();
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-CA");
            Render().Should().Be(invariant);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void The_page_references_nothing_outside_itself()
    {
        var html = Render();

        html.Should().NotContain("http://").And.NotContain("https://").And.NotContain("//cdn");
        html.Should().NotContain(" src=").And.NotContain("<link").And.NotContain("@import");
        html.Should().Contain("<style>").And.Contain("<script>");
    }

    [Fact]
    public void A_manifest_with_missing_or_odd_keys_renders_without_throwing()
    {
        string[] manifests =
        [
            "{}",
            """{"metadata": null, "nodes": null, "sources": [], "parent_map": "x", "child_map": 3}""",
            """{"nodes": {"model.a.b": {}, "model.a.c": null, "model.a.d": 5}}""",
            """
            {"nodes": {"model.a.b": {"resource_type": "model", "name": 7, "tags": "solo", "columns": [], "config": [],
                                     "depends_on": {"nodes": ["model.a.missing", 3, null]}, "raw_code": null},
                       "test.a.t": {"resource_type": "test", "attached_node": "model.a.gone", "column_name": null}},
             "sources": {"source.a.s.t": {"columns": {"c": {"name": null}, "d": "oops"}}},
             "parent_map": {"model.a.b": ["model.a.b", "model.a.missing"]}, "child_map": {"model.a.missing": ["model.a.b"]}}
            """,
        ];
        string[] catalogs = ["{}", """{"nodes": {"model.a.b": {"columns": {"x": {"type": null, "index": "2"}}}}, "sources": 1}"""];

        foreach (var manifest in manifests)
        {
            foreach (var catalog in catalogs.Select(Parse).Append(null))
            {
                var render = () => DocsSite.Render(Parse(manifest), catalog);
                render.Should().NotThrow($"manifest {manifest} must render").Which.Should().Contain("</html>");
            }
        }

        var odd = DocsSite.Render(Parse(manifests[3]), null);
        Section(odd, "model.a.b").Should().Contain("model.a.missing", "an unknown parent is shown as plain text");
        odd.Should().Contain("<section id=\"lb-tests\"", "a test attached to an unknown node is still listed");
    }

    [Fact]
    public void An_empty_manifest_still_produces_a_page()
    {
        var html = DocsSite.Render(new JsonObject(), null);

        html.Should().Contain("<h1>Logbook project</h1>").And.Contain("No models or sources.").And.NotContain("<svg");
    }
}
