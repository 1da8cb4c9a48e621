using System.Text.Json.Nodes;
using Logbook.Transform.Project;

namespace Logbook.Transform.Artifacts;

/// <summary>Writes <c>manifest.json</c>: every node with its config, docs, dependencies and file paths (dbt's shape).</summary>
public static class ManifestWriter
{
    public const string SchemaVersion = "https://logbook.dev/schemas/manifest/v1.json";

    public static JsonObject Build(Manifest manifest, TargetFolder target, string invocationId, string logbookVersion, string? targetName, DateTime generatedAt)
    {
        var nodes = new JsonObject();
        foreach (var model in manifest.Models.Values.OrderBy(m => m.UniqueId, StringComparer.Ordinal))
        {
            nodes[model.UniqueId] = new JsonObject
            {
                ["unique_id"] = model.UniqueId,
                ["resource_type"] = "model",
                ["name"] = model.Name,
                ["package_name"] = manifest.ProjectName,
                ["path"] = model.Path,
                ["original_file_path"] = model.OriginalFilePath,
                ["schema"] = model.Schema,
                ["alias"] = model.Alias,
                ["relation_name"] = model.RelationName,
                ["description"] = model.Description ?? string.Empty,
                ["tags"] = ArtifactJson.Strings(model.Config.Tags),
                ["config"] = Config(model.Config),
                ["columns"] = Columns(model.Columns),
                ["depends_on"] = new JsonObject { ["nodes"] = ArtifactJson.Strings(model.DependsOn) },
                ["raw_code"] = model.RawSql,
                ["compiled_path"] = target.Display(target.CompiledPath(model.OriginalFilePath)),
                ["checksum"] = new JsonObject { ["name"] = "sha256", ["checksum"] = model.Checksum },
            };
        }

        foreach (var test in manifest.Tests.Values.OrderBy(t => t.UniqueId, StringComparer.Ordinal))
        {
            var node = new JsonObject
            {
                ["unique_id"] = test.UniqueId,
                ["resource_type"] = "test",
                ["name"] = test.Name,
                ["package_name"] = manifest.ProjectName,
                ["original_file_path"] = test.OriginalFilePath,
                ["defined_at"] = test.DefinedAt,
                ["tags"] = ArtifactJson.Strings(test.Tags),
                ["config"] = new JsonObject
                {
                    ["severity"] = test.Severity == TestSeverity.Warn ? "warn" : "error",
                    ["where"] = test.Where,
                },
                ["depends_on"] = new JsonObject { ["nodes"] = ArtifactJson.Strings(test.DependsOn) },
                ["compiled_path"] = target.Display(test.TestName is null ? target.CompiledPath(test.OriginalFilePath) : target.CompiledPath(test.OriginalFilePath, test.Name)),
            };
            if (test.TestName is not null)
            {
                node["attached_node"] = test.AttachedNode;
                node["column_name"] = test.ColumnName;
                node["test_metadata"] = new JsonObject { ["name"] = test.TestName, ["kwargs"] = ArtifactJson.Value(test.Arguments) };
            }
            else
            {
                node["raw_code"] = test.RawSql;
            }

            nodes[test.UniqueId] = node;
        }

        var sources = new JsonObject();
        foreach (var source in manifest.Sources.Values.OrderBy(s => s.UniqueId, StringComparer.Ordinal))
        {
            sources[source.UniqueId] = new JsonObject
            {
                ["unique_id"] = source.UniqueId,
                ["resource_type"] = "source",
                ["source_name"] = source.SourceName,
                ["name"] = source.Name,
                ["schema"] = source.Schema,
                ["identifier"] = source.Identifier,
                ["relation_name"] = source.RelationName,
                ["description"] = source.Description ?? string.Empty,
                ["columns"] = Columns(source.Columns),
                ["defined_at"] = source.DefinedAt,
            };
        }

        var parents = new JsonObject();
        var children = new JsonObject();
        foreach (var id in manifest.Graph.Nodes.Order(StringComparer.Ordinal))
        {
            parents[id] = ArtifactJson.Strings(manifest.Graph.Parents(id).Order(StringComparer.Ordinal));
            children[id] = ArtifactJson.Strings(manifest.Graph.Children(id).Order(StringComparer.Ordinal));
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["schema_version"] = SchemaVersion,
                ["logbook_version"] = logbookVersion,
                ["generated_at"] = ArtifactJson.Timestamp(generatedAt),
                ["invocation_id"] = invocationId,
                ["project_name"] = manifest.ProjectName,
                ["target_name"] = targetName,
            },
            ["nodes"] = nodes,
            ["sources"] = sources,
            ["parent_map"] = parents,
            ["child_map"] = children,
        };
    }

    public static void Write(JsonObject manifest, TargetFolder target) =>
        TargetFolder.WriteAtomically(target.ManifestPath, manifest.ToJsonString(ArtifactJson.Options));

    private static JsonObject Config(ModelConfig config)
    {
        var json = (JsonObject)ArtifactJson.Value(config.Raw)!;
        json["materialized"] = config.Materialized.ToString().ToLowerInvariant();
        return json;
    }

    private static JsonObject Columns(IReadOnlyList<ColumnDoc> columns)
    {
        var json = new JsonObject();
        foreach (var column in columns)
        {
            json[column.Name] = new JsonObject { ["name"] = column.Name, ["description"] = column.Description ?? string.Empty, ["data_type"] = column.DataType };
        }

        return json;
    }
}
