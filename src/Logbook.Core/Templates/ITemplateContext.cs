namespace Logbook.Core.Templates;

/// <summary>
/// What a template's functions resolve to while one model is rendered. The model engine implements it (refs become
/// relation names, config is recorded, ...); the renderer only evaluates the syntax tree against it.
/// </summary>
public interface ITemplateContext
{
    /// <summary>The SQL dialect the cross-dialect helpers compile to.</summary>
    ISqlDialect Dialect { get; }

    /// <summary>The relation a <c>ref('model')</c> points at, quoted; throws a helpful exception for an unknown model.</summary>
    string Ref(string model);

    /// <summary>The relation of <c>source('source', 'table')</c>, quoted.</summary>
    string Source(string source, string table);

    /// <summary>
    /// <c>filled_source('source', 'table')</c>: a parenthesized subquery with every column the source declares,
    /// taken from the table when the warehouse has it and <c>cast(null as type)</c> when it does not; no rows
    /// when an optional table is missing. Real connector schemas drift; staging models read through this.
    /// </summary>
    string FilledSource(string source, string table);

    /// <summary>The value of a project variable (<c>var('name', default)</c>).</summary>
    object? Var(string name, object? defaultValue, bool hasDefault);

    /// <summary>An environment variable (<c>env_var('NAME', default)</c>).</summary>
    string EnvVar(string name, string? defaultValue);

    /// <summary>The relation being built (<c>{{ this }}</c>), quoted.</summary>
    string This { get; }

    /// <summary>True when an incremental model is being built on top of its existing table.</summary>
    bool IsIncremental { get; }

    /// <summary>Records the model's configuration (<c>config(...)</c>); renders as nothing.</summary>
    void Config(IReadOnlyDictionary<string, object?> settings);

    /// <summary>Records a step event for the audit log (<c>log_step_event(...)</c>); renders as nothing.</summary>
    void LogStepEvent(string step, string? message, string status, int? sequence);
}
