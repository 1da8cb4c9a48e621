using Logbook.Core.Templates;
using Logbook.Transform.Project;

namespace Logbook.Transform.Compilation;

/// <summary>A step event a model logs with <c>log_step_event()</c>; written to the audit log when the model runs.</summary>
public sealed record StepEvent(string Step, string? Message, string Status, int? Sequence);

/// <summary>
/// What templates resolve to when a node is compiled for execution: refs become quoted relations (ephemeral
/// models become CTE names), <c>this</c> the model's own relation.
/// <c>filled_source()</c> asks <paramref name="sourceColumns"/> which columns the warehouse has (null: it cannot
/// tell, so every declared column is assumed present).
/// </summary>
internal sealed class CompileContext(Manifest manifest, ModelNode? model, ISqlDialect dialect, bool isIncremental, Func<string, string, IReadOnlyList<string>?>? sourceColumns = null) : ITemplateContext
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

    public string Source(string source, string table) => FindSource(source, table).RelationName;

    public string FilledSource(string source, string table)
    {
        var declared = FindSource(source, table);
        if (declared.Columns.Count == 0)
        {
            throw new TemplateContextException($"filled_source('{source}', '{table}') needs the table's columns declared (name and data_type) at {declared.DefinedAt}");
        }

        if (declared.Columns.FirstOrDefault(c => c.DataType is null) is { } untyped)
        {
            throw new TemplateContextException($"filled_source('{source}', '{table}'): column '{untyped.Name}' has no data_type (declared at {declared.DefinedAt})");
        }

        var present = sourceColumns is null ? declared.Columns.Select(c => c.Name).ToList() : sourceColumns(declared.Schema, declared.Identifier);
        if (present is null && !declared.Optional)
        {
            throw new TemplateContextException($"source table {declared.RelationName} does not exist in the warehouse; declare it 'optional: true' at {declared.DefinedAt} if it may be missing");
        }

        var actual = (present ?? []).ToDictionary(c => c, c => c, StringComparer.OrdinalIgnoreCase);
        var columns = declared.Columns.Select(c => actual.TryGetValue(c.Name, out var name)
            ? (string.Equals(name, c.Name, StringComparison.Ordinal) ? Sql.Quote(name) : $"{Sql.Quote(name)} as {Sql.Quote(c.Name)}")
            : $"cast(null as {c.DataType}) as {Sql.Quote(c.Name)}");
        var list = string.Join(", ", columns);
        return present is null ? $"(select {list} where 1 = 0)" : $"(select {list} from {declared.RelationName})";
    }

    private SourceTable FindSource(string source, string table) =>
        manifest.Sources.TryGetValue($"{source}.{table}", out var found)
            ? found
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
