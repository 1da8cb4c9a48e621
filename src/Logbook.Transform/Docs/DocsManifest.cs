using System.Globalization;
using System.Text.Json.Nodes;

namespace Logbook.Transform.Docs;

/// <summary>One column row: documented and/or found in the warehouse, with the tests that check it.</summary>
internal sealed record DocsColumn(string Name, string DataType, string Description, IReadOnlyList<string> Tests);

/// <summary>A documented node: a model (or any other non-test node) or a source.</summary>
internal sealed record DocsNode(
    string Id,
    string ResourceType,
    string Name,
    string Label,
    string? SourceName,
    string Kind,
    string Description,
    string? Materialized,
    string? RelationName,
    IReadOnlyList<string> Tags,
    string? FilePath,
    string Folder,
    string? RawCode,
    IReadOnlyList<DocsColumn> Columns,
    IReadOnlyList<string> ModelTests,
    IReadOnlyList<string> Parents,
    IReadOnlyList<string> Children)
{
    public bool IsSource => string.Equals(Kind, "source", StringComparison.Ordinal);
}

/// <summary>A test that is not attached to a documented node (singular tests, mostly).</summary>
internal sealed record DocsTest(string Id, string Name, string Description, string? FilePath, string? RawCode, IReadOnlyList<string> DependsOn);

/// <summary>
/// The manifest and catalog read defensively into what the page shows. Every key is optional and a key of the wrong
/// JSON kind counts as absent, because the page must render whatever the engine (or an older engine) wrote.
/// </summary>
internal sealed class DocsManifest
{
    private static readonly HashSet<string> KnownMaterializations = new(StringComparer.Ordinal)
    {
        "view", "table", "incremental", "ephemeral",
    };

    private static readonly HashSet<string> KnownResourceTypes = new(StringComparer.Ordinal) { "seed", "snapshot" };

    private readonly Dictionary<string, DocsNode> byId;
    private readonly Dictionary<string, string> testNames;

    private DocsManifest(
        string projectName,
        string? logbookVersion,
        string? generatedAt,
        string? targetName,
        IReadOnlyList<DocsNode> nodes,
        IReadOnlyList<DocsTest> otherTests,
        Dictionary<string, string> testNames)
    {
        ProjectName = projectName;
        LogbookVersion = logbookVersion;
        GeneratedAt = generatedAt;
        TargetName = targetName;
        Nodes = nodes;
        OtherTests = otherTests;
        this.testNames = testNames;
        byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        Edges = [.. nodes
            .SelectMany(child => child.Parents.Where(byId.ContainsKey).Select(parent => (Parent: parent, Child: child.Id)))
            .Distinct()
            .OrderBy(e => e.Parent, StringComparer.Ordinal)
            .ThenBy(e => e.Child, StringComparer.Ordinal)];
    }

    public string ProjectName { get; }

    public string? LogbookVersion { get; }

    public string? GeneratedAt { get; }

    public string? TargetName { get; }

    /// <summary>Models, other non-test nodes and sources, ordered by unique_id.</summary>
    public IReadOnlyList<DocsNode> Nodes { get; }

    /// <summary>Tests with no documented node to sit on (singular tests), ordered by unique_id.</summary>
    public IReadOnlyList<DocsTest> OtherTests { get; }

    /// <summary>Parent to child pairs between documented nodes, each once, ordered.</summary>
    public IReadOnlyList<(string Parent, string Child)> Edges { get; }

    public DocsNode? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>What a link to this id reads: the node's label, a test's name, or the id itself.</summary>
    public string DisplayName(string id) =>
        byId.TryGetValue(id, out var node) ? node.Label : testNames.GetValueOrDefault(id) ?? id;

    public static DocsManifest Read(JsonObject manifest, JsonObject? catalog)
    {
        var metadata = Obj(manifest, "metadata");
        var rawNodes = Entries(Obj(manifest, "nodes"));
        var rawSources = Entries(Obj(manifest, "sources"));
        var parentMap = Obj(manifest, "parent_map");
        var childMap = Obj(manifest, "child_map");

        var tests = rawNodes.Where(e => IsTestNode(e.Node)).ToList();
        var testNames = tests.ToDictionary(t => t.Id, t => Str(t.Node, "name") ?? t.Id, StringComparer.Ordinal);
        var documented = rawNodes.Where(e => !IsTestNode(e.Node)).Select(e => (e.Id, e.Node, IsSource: false))
            .Concat(rawSources.Where(e => !testNames.ContainsKey(e.Id)).Select(e => (e.Id, e.Node, IsSource: true)))
            .DistinctBy(e => e.Id)
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        var documentedIds = documented.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);

        // Parents come from parent_map and depends_on together so that either one alone is enough.
        var parents = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (id, node, _) in documented)
        {
            parents[id] = [.. Strings(parentMap, id).Concat(Strings(Obj(node, "depends_on"), "nodes"))
                .Where(p => !string.Equals(p, id, StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)];
        }
        var inverse = parents
            .SelectMany(p => p.Value.Select(parent => (Parent: parent, Child: p.Key)))
            .ToLookup(p => p.Parent, p => p.Child, StringComparer.Ordinal);
        var children = documented.ToDictionary(
            e => e.Id,
            e => Strings(childMap, e.Id)
                .Concat(inverse[e.Id])
                .Where(c => !testNames.ContainsKey(c) && !string.Equals(c, e.Id, StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .ToList(),
            StringComparer.Ordinal);

        var labels = documented.ToDictionary(e => e.Id, e => Label(e.Id, e.Node, e.IsSource), StringComparer.Ordinal);
        string NameOf(string id) => labels.GetValueOrDefault(id) ?? testNames.GetValueOrDefault(id) ?? id;
        List<string> ByName(IEnumerable<string> ids) =>
            [.. ids.OrderBy(NameOf, StringComparer.Ordinal).ThenBy(i => i, StringComparer.Ordinal)];

        var attached = tests
            .Select(t => (t.Id, Name: testNames[t.Id], Attached: Str(t.Node, "attached_node"), Column: Str(t.Node, "column_name")))
            .Where(t => t.Attached is not null && documentedIds.Contains(t.Attached))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
        var attachedIds = attached.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);

        var nodes = documented.Select(e =>
        {
            var mine = attached.Where(t => string.Equals(t.Attached, e.Id, StringComparison.Ordinal)).ToList();
            var columnTests = mine.Where(t => !string.IsNullOrEmpty(t.Column)).Select(t => (t.Column!, t.Name)).ToList();
            var catalogNode = Obj(Obj(catalog, "nodes"), e.Id) ?? Obj(Obj(catalog, "sources"), e.Id);
            var resourceType = Str(e.Node, "resource_type") ?? (e.IsSource ? "source" : "model");
            var materialized = e.IsSource ? null : Str(Obj(e.Node, "config"), "materialized");
            var path = Str(e.Node, "path");
            return new DocsNode(
                Id: e.Id,
                ResourceType: resourceType,
                Name: Str(e.Node, "name") ?? e.Id,
                Label: labels[e.Id],
                SourceName: e.IsSource ? Str(e.Node, "source_name") : null,
                Kind: Kind(e.IsSource, resourceType, materialized),
                Description: Str(e.Node, "description") ?? string.Empty,
                Materialized: materialized,
                RelationName: Str(e.Node, "relation_name"),
                Tags: [.. Strings(e.Node, "tags").Concat(Strings(Obj(e.Node, "config"), "tags")).Distinct(StringComparer.Ordinal)],
                FilePath: Str(e.Node, "original_file_path"),
                Folder: Folder(path),
                RawCode: Str(e.Node, "raw_code"),
                Columns: Columns(Obj(e.Node, "columns"), Obj(catalogNode, "columns"), columnTests),
                ModelTests: [.. mine.Where(t => string.IsNullOrEmpty(t.Column)).Select(t => t.Name)],
                Parents: ByName(parents[e.Id]),
                Children: ByName(children[e.Id]));
        }).ToList();

        var otherTests = tests
            .Where(t => !attachedIds.Contains(t.Id))
            .OrderBy(t => t.Id, StringComparer.Ordinal)
            .Select(t => new DocsTest(
                t.Id,
                testNames[t.Id],
                Str(t.Node, "description") ?? string.Empty,
                Str(t.Node, "original_file_path"),
                Str(t.Node, "raw_code"),
                ByName(Strings(parentMap, t.Id).Concat(Strings(Obj(t.Node, "depends_on"), "nodes")).Distinct(StringComparer.Ordinal))))
            .ToList();

        return new DocsManifest(
            Str(metadata, "project_name") ?? "Logbook project",
            Str(metadata, "logbook_version"),
            Str(metadata, "generated_at"),
            Str(metadata, "target_name"),
            nodes,
            otherTests,
            testNames);
    }

    /// <summary>
    /// Warehouse columns first, in warehouse order (that is what the relation really has), then documented columns
    /// the warehouse does not have, then columns only named by a test. Names match case-insensitively, like SQL.
    /// </summary>
    private static List<DocsColumn> Columns(JsonObject? documented, JsonObject? found, List<(string Column, string Test)> tests)
    {
        var rows = new List<(string Name, string? Type, string? Description)>();
        var manifestColumns = Entries(documented)
            .Select(e => (Name: Str(e.Node, "name") ?? e.Id, Type: Str(e.Node, "data_type"), Description: Str(e.Node, "description")))
            .ToList();
        var catalogColumns = Entries(found)
            .Select(e => (Name: Str(e.Node, "name") ?? e.Id, Type: Str(e.Node, "type"), Index: Num(e.Node, "index") ?? double.MaxValue))
            .OrderBy(c => c.Index)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        foreach (var column in catalogColumns)
        {
            var match = manifestColumns.FirstOrDefault(m => string.Equals(m.Name, column.Name, StringComparison.OrdinalIgnoreCase));
            var type = string.IsNullOrEmpty(column.Type) ? match.Type : column.Type;
            rows.Add((match.Name ?? column.Name, type, match.Description));
        }
        foreach (var column in manifestColumns)
        {
            if (!rows.Exists(r => string.Equals(r.Name, column.Name, StringComparison.OrdinalIgnoreCase)))
            {
                rows.Add(column);
            }
        }
        foreach (var (column, _) in tests)
        {
            if (!rows.Exists(r => string.Equals(r.Name, column, StringComparison.OrdinalIgnoreCase)))
            {
                rows.Add((column, null, null));
            }
        }

        return [.. rows.Select(r => new DocsColumn(
            r.Name,
            r.Type ?? string.Empty,
            r.Description ?? string.Empty,
            [.. tests.Where(t => string.Equals(t.Column, r.Name, StringComparison.OrdinalIgnoreCase)).Select(t => t.Test)]))];
    }

    private static bool IsTestNode(JsonObject node) =>
        string.Equals(Str(node, "resource_type"), "test", StringComparison.Ordinal);

    private static string Label(string id, JsonObject node, bool isSource)
    {
        var name = Str(node, "name") ?? id;
        var sourceName = isSource ? Str(node, "source_name") : null;
        return sourceName is null ? name : sourceName + "." + name;
    }

    private static string Kind(bool isSource, string resourceType, string? materialized)
    {
        if (isSource)
        {
            return "source";
        }
        if (!string.Equals(resourceType, "model", StringComparison.Ordinal))
        {
            return KnownResourceTypes.Contains(resourceType) ? resourceType : "other";
        }
        return materialized is null ? "view" : KnownMaterializations.Contains(materialized) ? materialized : "other";
    }

    private static string Folder(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return string.Empty;
        }
        var normalized = path.Replace('\\', '/');
        var slash = normalized.LastIndexOf('/');
        return slash <= 0 ? string.Empty : normalized[..slash];
    }

    private static JsonObject? Obj(JsonNode? node, string key) => (node as JsonObject)?[key] as JsonObject;

    /// <summary>A string value; numbers and booleans read as their JSON text, anything else is absent.</summary>
    private static string? Str(JsonNode? node, string key)
    {
        if ((node as JsonObject)?[key] is not JsonValue value)
        {
            return null;
        }
        if (value.TryGetValue<string>(out var text))
        {
            return text;
        }
        return value.GetValueKind() is System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
            ? value.ToJsonString()
            : null;
    }

    private static double? Num(JsonNode? node, string key)
    {
        if ((node as JsonObject)?[key] is not JsonValue value)
        {
            return null;
        }
        if (value.TryGetValue<double>(out var number))
        {
            return number;
        }
        return value.TryGetValue<string>(out var text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) ? number : null;
    }

    /// <summary>The strings of an array (other items skipped); a single string counts as a one-item list.</summary>
    private static IEnumerable<string> Strings(JsonNode? node, string key)
    {
        switch ((node as JsonObject)?[key])
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        yield return text;
                    }
                }
                break;
            case JsonValue single when single.TryGetValue<string>(out var text):
                yield return text;
                break;
            default:
                break;
        }
    }

    /// <summary>The object-valued members of an object; members of another kind are skipped.</summary>
    private static List<(string Id, JsonObject Node)> Entries(JsonObject? obj) =>
        obj is null ? [] : [.. obj.Where(p => p.Value is JsonObject).Select(p => (p.Key, (JsonObject)p.Value!))];
}
