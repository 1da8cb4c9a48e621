using System.Globalization;
using System.Text;

namespace Logbook.Transform.Docs;

/// <summary>Draws a <see cref="LineageLayout"/> as inline SVG: one linked box per node, one arrowed curve per edge.</summary>
internal static class LineageSvg
{
    private const int BoxHeight = 26;
    private const int RowPitch = 38;
    private const int ColumnGap = 80;
    private const int Margin = 16;
    private const int TextPadding = 10;
    private const int MinBoxWidth = 90;
    private const int MaxLabelChars = 36;

    // The label font is 12px monospace, so a character is about 0.6em wide; widths need no text measuring.
    private const double CharWidth = 7.3;

    public static void Write(StringBuilder html, DocsManifest docs)
    {
        var layout = LineageLayout.Compute(docs.Nodes.Select(n => n.Id), docs.Edges);
        var widths = layout.Layers
            .Select(layer => Math.Max(MinBoxWidth, TextWidth(layer.Max(id => Label(docs, id).Length))))
            .ToList();
        var lefts = new List<int>();
        var x = Margin;
        foreach (var width in widths)
        {
            lefts.Add(x);
            x += width + ColumnGap;
        }
        var svgWidth = x - ColumnGap + Margin;
        var svgHeight = (2 * Margin) + BoxHeight + (int)Math.Ceiling(Math.Max(0, layout.RowCount - 1) * RowPitch);

        int Top(string id) => Margin + (int)Math.Round(layout.RowOf(id) * RowPitch, MidpointRounding.AwayFromZero);

        html.Append(CultureInfo.InvariantCulture, $"<svg class=\"lineage-svg\" width=\"{svgWidth}\" height=\"{svgHeight}\" viewBox=\"0 0 {svgWidth} {svgHeight}\" role=\"img\" aria-label=\"Lineage graph\">\n");
        html.Append("<defs><marker id=\"lb-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"lineage-arrow\"/></marker></defs>\n");

        // Edges first so boxes paint over the line ends.
        foreach (var (parent, child) in docs.Edges)
        {
            var parentLayer = layout.LayerOf(parent);
            var childLayer = layout.LayerOf(child);
            var x1 = lefts[parentLayer] + widths[parentLayer];
            var y1 = Top(parent) + (BoxHeight / 2);
            var x2 = lefts[childLayer];
            var y2 = Top(child) + (BoxHeight / 2);
            var bend = Math.Max(ColumnGap / 2, Math.Abs(x2 - x1) / 2);
            html.Append(CultureInfo.InvariantCulture, $"<path class=\"lineage-edge\" data-from=\"{DocsHtml.AnchorId(parent)}\" data-to=\"{DocsHtml.AnchorId(child)}\" d=\"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}\" marker-end=\"url(#lb-arrow)\"/>\n");
        }

        foreach (var layer in layout.Layers)
        {
            foreach (var id in layer)
            {
                var node = docs.Find(id)!;
                var column = layout.LayerOf(id);
                var top = Top(id);
                var anchor = DocsHtml.AnchorId(id);
                html.Append(CultureInfo.InvariantCulture, $"<a class=\"lineage-node\" href=\"#{anchor}\" data-id=\"{anchor}\">");
                html.Append(CultureInfo.InvariantCulture, $"<title>{DocsHtml.Encode(node.Label)} ({DocsHtml.Encode(node.Kind)})</title>");
                html.Append(CultureInfo.InvariantCulture, $"<rect class=\"{DocsHtml.KindClass(node.Kind)}\" x=\"{lefts[column]}\" y=\"{top}\" width=\"{widths[column]}\" height=\"{BoxHeight}\" rx=\"5\"/>");
                html.Append(CultureInfo.InvariantCulture, $"<text x=\"{lefts[column] + TextPadding}\" y=\"{top + (BoxHeight / 2)}\" dominant-baseline=\"central\">{DocsHtml.Encode(Truncate(node.Label))}</text></a>\n");
            }
        }
        html.Append("</svg>\n");
    }

    private static string Label(DocsManifest docs, string id) => Truncate(docs.Find(id)?.Label ?? id);

    private static int TextWidth(int chars) => (int)Math.Ceiling(chars * CharWidth) + (2 * TextPadding);

    /// <summary>Long names are cut with an ellipsis (the box title keeps the full name); never inside a surrogate pair.</summary>
    private static string Truncate(string label)
    {
        if (label.Length <= MaxLabelChars)
        {
            return label;
        }
        var cut = MaxLabelChars - 1;
        if (char.IsHighSurrogate(label[cut - 1]))
        {
            cut--;
        }
        return label[..cut] + "\u2026";
    }
}
