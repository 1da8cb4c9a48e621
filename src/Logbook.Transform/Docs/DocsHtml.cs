using System.Globalization;
using System.Net;
using System.Text;

namespace Logbook.Transform.Docs;

/// <summary>Encoding helpers shared by the page and the lineage SVG.</summary>
internal static class DocsHtml
{
    /// <summary>Text or attribute value, safe inside HTML (quotes included).</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>
    /// An element id for a unique_id. Ids are kept as they are when they only use [A-Za-z0-9._-] (the usual case),
    /// anything else becomes ~hex~ so the mapping stays injective and the id never holds whitespace or quotes.
    /// </summary>
    public static string AnchorId(string uniqueId)
    {
        var builder = new StringBuilder(uniqueId.Length);
        foreach (var c in uniqueId)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('~').Append(((int)c).ToString("x", CultureInfo.InvariantCulture)).Append('~');
            }
        }
        return builder.ToString();
    }

    /// <summary>The CSS class that colours a node by resource type and materialization; only known names pass.</summary>
    public static string KindClass(string kind) => "kind-" + kind;
}
