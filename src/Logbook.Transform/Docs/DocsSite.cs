using System.Text.Json.Nodes;

namespace Logbook.Transform.Docs;

/// <summary>Renders the static documentation page (target/index.html) from manifest.json and catalog.json.</summary>
public static class DocsSite
{
    /// <summary>The complete, self-contained HTML page.</summary>
    public static string Render(JsonObject manifest, JsonObject? catalog) =>
        throw new NotImplementedException("docs site arrives with issue 3");
}
