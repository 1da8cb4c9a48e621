using Logbook.Core.Templates;

namespace Logbook.Transform.Project;

/// <summary>The values every template sees whatever is rendered: variables and the environment.</summary>
public sealed class TemplateValues(IReadOnlyDictionary<string, object?> vars, Func<string, string?> getVariable)
{
    public IReadOnlyDictionary<string, object?> Vars { get; } = vars;

    public object? Var(string name, object? defaultValue, bool hasDefault) =>
        Vars.TryGetValue(name, out var value) ? value
        : hasDefault ? defaultValue
        : throw new TemplateContextException($"var('{name}') is not set; define it under 'vars:' in logbook.yml or pass --vars '{{{name}: ...}}'");

    public string EnvVar(string name, string? defaultValue) =>
        getVariable(name) ?? defaultValue ?? throw new TemplateContextException($"env_var('{name}'): the environment variable {name} is not set and no default is given");
}

/// <summary>
/// Renders a model once while parsing, to collect its <c>config()</c> and to surface errors in variables early.
/// References render as placeholders; <c>is_incremental()</c> is false.
/// </summary>
internal sealed class ParseContext(ISqlDialect dialect, TemplateValues values) : ITemplateContext
{
    public Dictionary<string, object?> Config { get; } = new(StringComparer.Ordinal);

    public ISqlDialect Dialect { get; } = dialect;

    public string This => "\"this\"";

    public bool IsIncremental => false;

    public string Ref(string model) => Sql.Quote(model);

    public string Source(string source, string table) => Sql.Relation(source, table);

    public string FilledSource(string source, string table) => Sql.Relation(source, table);

    public object? Var(string name, object? defaultValue, bool hasDefault) => values.Var(name, defaultValue, hasDefault);

    public string EnvVar(string name, string? defaultValue) => values.EnvVar(name, defaultValue);

    void ITemplateContext.Config(IReadOnlyDictionary<string, object?> settings)
    {
        foreach (var (key, value) in settings)
        {
            Config[key] = value;
        }
    }

    public void LogStepEvent(string step, string? message, string status, int? sequence)
    {
    }
}
