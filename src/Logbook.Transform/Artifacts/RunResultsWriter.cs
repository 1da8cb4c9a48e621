using System.Text.Json.Nodes;
using Logbook.Transform.Execution;

namespace Logbook.Transform.Artifacts;

/// <summary>Writes <c>run_results.json</c>: per node its status, timing, rows affected and message (dbt's shape).</summary>
public static class RunResultsWriter
{
    public const string SchemaVersion = "https://logbook.dev/schemas/run-results/v1.json";

    public static void Write(RunResults results, TargetFolder target, string logbookVersion, IReadOnlyDictionary<string, object?> arguments)
    {
        var items = new JsonArray();
        foreach (var result in results.Results)
        {
            items.Add(new JsonObject
            {
                ["unique_id"] = result.UniqueId,
                ["name"] = result.Name,
                ["resource_type"] = result.ResourceType,
                ["status"] = result.Status.ToString().ToLowerInvariant(),
                ["timing"] = new JsonArray([.. result.Timing.Select(t => (JsonNode)new JsonObject
                {
                    ["name"] = t.Name,
                    ["started_at"] = ArtifactJson.Timestamp(t.StartedAt),
                    ["completed_at"] = ArtifactJson.Timestamp(t.CompletedAt),
                })]),
                ["thread_id"] = result.ThreadId,
                ["execution_time"] = Math.Round(result.ExecutionTime, 6),
                ["adapter_response"] = new JsonObject { ["rows_affected"] = result.RowsAffected },
                ["rows_affected"] = result.RowsAffected,
                ["failures"] = result.Failures,
                ["message"] = result.Message,
                ["compiled_path"] = result.CompiledPath,
            });
        }

        var json = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["schema_version"] = SchemaVersion,
                ["logbook_version"] = logbookVersion,
                ["generated_at"] = ArtifactJson.Timestamp(DateTime.UtcNow),
                ["invocation_id"] = results.InvocationId,
            },
            ["command"] = results.Command.ToString().ToLowerInvariant(),
            ["interrupted"] = results.Interrupted,
            ["elapsed_time"] = Math.Round(results.ElapsedSeconds, 6),
            ["args"] = ArtifactJson.Value(arguments),
            ["results"] = items,
        };
        TargetFolder.WriteAtomically(target.RunResultsPath, json.ToJsonString(ArtifactJson.Options));
    }
}
