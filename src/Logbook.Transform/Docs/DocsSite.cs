using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Logbook.Transform.Docs;

/// <summary>Renders the static documentation page (target/index.html) from manifest.json and catalog.json.</summary>
/// <remarks>
/// One self-contained file: inline CSS, a few lines of inline script, the lineage as inline SVG, no external
/// reference of any kind, so it opens from disk, offline, behind any proxy. Every manifest text is HTML-encoded and
/// the output depends only on the input (no clock, no culture, unordered things sorted by unique_id).
/// </remarks>
public static class DocsSite
{
    /// <summary>The complete, self-contained HTML page.</summary>
    public static string Render(JsonObject manifest, JsonObject? catalog)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var docs = DocsManifest.Read(manifest, catalog);
        var html = new StringBuilder(64 * 1024);
        var title = DocsHtml.Encode(docs.ProjectName);

        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{title} · Logbook docs</title>\n<style>{DocsAssets.Css}</style>\n</head>\n<body>\n");
        WriteHeader(html, docs);
        html.Append("<div class=\"layout\">\n");
        WriteNav(html, docs);
        html.Append("<main>\n");
        html.Append("<section id=\"lb-lineage\" class=\"lineage\">\n<h2>Lineage</h2>\n");
        if (docs.Nodes.Count == 0)
        {
            html.Append("<p class=\"muted\">No models or sources.</p>\n");
        }
        else
        {
            WriteLegend(html, docs);
            html.Append("<div class=\"graph\">\n");
            LineageSvg.Write(html, docs);
            html.Append("</div>\n");
        }
        html.Append("</section>\n");
        foreach (var node in Groups(docs).SelectMany(g => g.Groups).SelectMany(g => g))
        {
            WriteNode(html, docs, node);
        }
        WriteOtherTests(html, docs);
        html.Append("</main>\n</div>\n");
        html.Append(CultureInfo.InvariantCulture, $"<script>{DocsAssets.Script}</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void WriteHeader(StringBuilder html, DocsManifest docs)
    {
        html.Append(CultureInfo.InvariantCulture, $"<header class=\"top\">\n<h1>{DocsHtml.Encode(docs.ProjectName)}</h1>\n<p class=\"meta-line\">");
        var parts = new List<string>();
        if (docs.LogbookVersion is not null)
        {
            parts.Add("logbook " + DocsHtml.Encode(docs.LogbookVersion));
        }
        if (docs.TargetName is not null)
        {
            parts.Add("target " + DocsHtml.Encode(docs.TargetName));
        }
        if (docs.GeneratedAt is not null)
        {
            parts.Add("generated " + DocsHtml.Encode(docs.GeneratedAt));
        }
        parts.Add(Count(docs.Nodes.Count(n => n.IsSource), "source"));
        parts.Add(Count(docs.Nodes.Count(n => !n.IsSource), "model"));
        html.Append(string.Join(" · ", parts)).Append("</p>\n</header>\n");
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    private static void WriteNav(StringBuilder html, DocsManifest docs)
    {
        html.Append("<nav id=\"lb-nav\">\n<input id=\"lb-search\" type=\"search\" placeholder=\"Search models and sources\" autocomplete=\"off\" aria-label=\"Search models and sources\">\n");
        html.Append("<p class=\"nav-top\"><a href=\"#lb-lineage\">Lineage</a>");
        if (docs.OtherTests.Count > 0)
        {
            html.Append(" · <a href=\"#lb-tests\">Tests</a>");
        }
        html.Append("</p>\n");

        foreach (var (heading, groups) in Groups(docs))
        {
            WriteNavGroup(html, heading, groups);
        }
        html.Append("</nav>\n");
    }

    /// <summary>
    /// Sources grouped by source name, then everything else grouped by folder, each group sorted by name. The list
    /// and the sections share this order so scrolling the page walks the list.
    /// </summary>
    private static List<(string Heading, List<IGrouping<string, DocsNode>> Groups)> Groups(DocsManifest docs)
    {
        List<IGrouping<string, DocsNode>> By(IEnumerable<DocsNode> nodes, Func<DocsNode, string> key) =>
            [.. nodes
                .OrderBy(n => n.Label, StringComparer.Ordinal)
                .ThenBy(n => n.Id, StringComparer.Ordinal)
                .GroupBy(key, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)];

        return
        [
            ("Sources", By(docs.Nodes.Where(n => n.IsSource), n => n.SourceName ?? string.Empty)),
            ("Models", By(docs.Nodes.Where(n => !n.IsSource), n => n.Folder)),
        ];
    }

    private static void WriteNavGroup(StringBuilder html, string heading, List<IGrouping<string, DocsNode>> groups)
    {
        if (groups.Count == 0)
        {
            return;
        }
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"nav-group\">\n<h2>{heading}</h2>\n");
        foreach (var group in groups)
        {
            html.Append("<div class=\"nav-group\">");
            if (group.Key.Length > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<h3>{DocsHtml.Encode(group.Key)}</h3>");
            }
            html.Append("\n<ul>\n");
            foreach (var node in group)
            {
                var search = string.Join(' ', new[] { node.Label, node.Id }.Concat(node.Tags)).ToLowerInvariant();
                html.Append(CultureInfo.InvariantCulture, $"<li data-search=\"{DocsHtml.Encode(search)}\"><a href=\"#{DocsHtml.AnchorId(node.Id)}\"><span class=\"dot {DocsHtml.KindClass(node.Kind)}\"></span>{DocsHtml.Encode(node.Name)}</a></li>\n");
            }
            html.Append("</ul>\n</div>\n");
        }
        html.Append("</div>\n");
    }

    private static void WriteLegend(StringBuilder html, DocsManifest docs)
    {
        html.Append("<p class=\"legend\">");
        foreach (var kind in docs.Nodes.Select(n => n.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"badge {DocsHtml.KindClass(kind)}\">{kind}</span> ");
        }
        html.Append("<span class=\"muted\">Click a box to open its section; hover to highlight its edges.</span></p>\n");
    }

    private static void WriteNode(StringBuilder html, DocsManifest docs, DocsNode node)
    {
        var kindLabel = node.IsSource ? "source" : node.Materialized ?? node.ResourceType;
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"node\" id=\"{DocsHtml.AnchorId(node.Id)}\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<h2>{DocsHtml.Encode(node.Label)} <span class=\"badge {DocsHtml.KindClass(node.Kind)}\">{DocsHtml.Encode(kindLabel)}</span></h2>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"uid\">{DocsHtml.Encode(node.Id)}</p>\n");
        html.Append(node.Description.Length == 0
            ? "<p class=\"muted\">No description.</p>\n"
            : $"<div class=\"description\">{DocsHtml.Encode(node.Description)}</div>\n");

        html.Append("<dl class=\"details\">\n");
        if (node.IsSource)
        {
            WriteDetail(html, "Source", node.SourceName);
        }
        else
        {
            WriteDetail(html, "Materialization", node.Materialized);
        }
        WriteDetail(html, "Relation", node.RelationName, code: true);
        WriteDetail(html, "Tags", node.Tags.Count == 0 ? null : string.Join(", ", node.Tags));
        WriteDetail(html, "File", node.FilePath, code: true);
        html.Append("</dl>\n");

        WriteColumns(html, node);

        if (node.ModelTests.Count > 0)
        {
            html.Append("<h3>Tests</h3>\n<p class=\"model-tests\">");
            foreach (var test in node.ModelTests)
            {
                html.Append(CultureInfo.InvariantCulture, $"<span class=\"test\">{DocsHtml.Encode(test)}</span> ");
            }
            html.Append("</p>\n");
        }

        html.Append("<div class=\"deps\">\n");
        WriteLinks(html, docs, "Depends on", "depends-on", node.Parents);
        WriteLinks(html, docs, "Referenced by", "referenced-by", node.Children);
        html.Append("</div>\n");

        if (node.RawCode is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>SQL</h3>\n<pre><code>{DocsHtml.Encode(node.RawCode)}</code></pre>\n");
        }
        html.Append("</section>\n");
    }

    private static void WriteDetail(StringBuilder html, string term, string? value, bool code = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        var text = DocsHtml.Encode(value);
        html.Append(CultureInfo.InvariantCulture, $"<dt>{term}</dt><dd>{(code ? $"<code>{text}</code>" : text)}</dd>\n");
    }

    private static void WriteColumns(StringBuilder html, DocsNode node)
    {
        html.Append("<h3>Columns</h3>\n");
        if (node.Columns.Count == 0)
        {
            html.Append("<p class=\"muted\">No columns documented.</p>\n");
            return;
        }
        html.Append("<table class=\"columns\">\n<thead><tr><th>Column</th><th>Type</th><th>Description</th><th>Tests</th></tr></thead>\n<tbody>\n");
        foreach (var column in node.Columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"column\" data-column=\"{DocsHtml.Encode(column.Name)}\"><td><code>{DocsHtml.Encode(column.Name)}</code></td><td>{DocsHtml.Encode(column.DataType)}</td><td class=\"description\">{DocsHtml.Encode(column.Description)}</td><td>");
            foreach (var test in column.Tests)
            {
                html.Append(CultureInfo.InvariantCulture, $"<span class=\"test\">{DocsHtml.Encode(test)}</span> ");
            }
            html.Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>Links to documented nodes; anything else (an unknown id) is shown as plain text.</summary>
    private static void WriteLinks(StringBuilder html, DocsManifest docs, string heading, string cssClass, IReadOnlyList<string> ids)
    {
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"{cssClass}\">\n<h3>{heading}</h3>\n");
        if (ids.Count == 0)
        {
            html.Append("<p class=\"muted\">Nothing.</p>\n</div>\n");
            return;
        }
        html.Append("<ul>\n");
        foreach (var id in ids)
        {
            var name = DocsHtml.Encode(docs.DisplayName(id));
            html.Append(docs.Find(id) is null
                ? $"<li>{name}</li>\n"
                : $"<li><a href=\"#{DocsHtml.AnchorId(id)}\">{name}</a></li>\n");
        }
        html.Append("</ul>\n</div>\n");
    }

    private static void WriteOtherTests(StringBuilder html, DocsManifest docs)
    {
        if (docs.OtherTests.Count == 0)
        {
            return;
        }
        html.Append("<section id=\"lb-tests\" class=\"tests\">\n<h2>Tests</h2>\n");
        foreach (var test in docs.OtherTests)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"singular-test\" id=\"{DocsHtml.AnchorId(test.Id)}\">\n<h3>{DocsHtml.Encode(test.Name)}</h3>\n");
            if (test.Description.Length > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<div class=\"description\">{DocsHtml.Encode(test.Description)}</div>\n");
            }
            html.Append("<dl class=\"details\">\n");
            WriteDetail(html, "File", test.FilePath, code: true);
            html.Append("</dl>\n<div class=\"deps\">\n");
            WriteLinks(html, docs, "Depends on", "depends-on", test.DependsOn);
            html.Append("</div>\n");
            if (test.RawCode is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<pre><code>{DocsHtml.Encode(test.RawCode)}</code></pre>\n");
            }
            html.Append("</div>\n");
        }
        html.Append("</section>\n");
    }
}
