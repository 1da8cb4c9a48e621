using Logbook.Core.Templates;
using Logbook.Transform.Project;

namespace Logbook.Transform.Compilation;

/// <summary>A step event a model logs with <c>log_step_event()</c>; written to the audit log when the model runs.</summary>
public sealed record StepEvent(string Step, string? Message, string Status, int? Sequence);

/// <summary>
/// What templates resolve to when a node is compiled for execution: refs become quoted relations (ephemeral
/// models become CTE names), <c>this</c> the model's own relation.
/// </summary>
internal sealed class CompileContext(Manifest manifest, ModelNode? model, ISqlDialect dialect, bool isIncremental) : ITemplateContext
{
    /// <summary>Ephemeral models referenced, in first-reference order.</summary>
    public List<ModelNode> Ephemerals { get; } = [];

    public List<StepEvent> Events { get; } = [];

    public ISqlDialect Dialect { get; } = dialect;

    public string This => model?.RelationName ?? throw new TemplateContextException("'this' is only defined inside a model that is built (not in tests or ephemeral models)");

    public bool IsIncremental { get; } = isIncremental;

    public string Ref(string name)
    {
        var target = manifest.Models.TryGetValue(name, out var found)
            ? found
            : throw new TemplateContextException($"ref('{name}'): there is no model named '{name}'");
        if (target.Config.Materialized != Materialization.Ephemeral)
        {
            return target.RelationName!;
        }

        if (!Ephemerals.Contains(target))
        {
            Ephemerals.Add(target);
        }

        return CteName(target);
    }

    public string Source(string source, string table) =>
        manifest.Sources.TryGetValue($"{source}.{table}", out var found)
            ? found.RelationName
            : throw new TemplateContextException($"source('{source}', '{table}') is not declared");

    public object? Var(string name, object? defaultValue, bool hasDefault) => manifest.Values.Var(name, defaultValue, hasDefault);

    public string EnvVar(string name, string? defaultValue) => manifest.Values.EnvVar(name, defaultValue);

    public void Config(IReadOnlyDictionary<string, object?> settings)
    {
        // Resolved while parsing (ModelConfig); nothing to do at compile time.
    }

    public void LogStepEvent(string step, string? message, string status, int? sequence) => Events.Add(new StepEvent(step, message, status, sequence));

    public static string CteName(ModelNode model) => Sql.Quote("__logbook_cte__" + model.Name);
}
