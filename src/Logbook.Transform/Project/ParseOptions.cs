using Logbook.Core.Templates;

namespace Logbook.Transform.Project;

/// <summary>What parsing needs beyond the project folder: the warehouse's dialect and default schema, variables.</summary>
public sealed record ParseOptions
{
    public required ISqlDialect Dialect { get; init; }

    /// <summary>The schema models and sources use unless they set their own.</summary>
    public required string DefaultSchema { get; init; }

    /// <summary><c>--vars</c>: override the project's <c>vars:</c>.</summary>
    public IReadOnlyDictionary<string, object?> VarOverrides { get; init; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Reads an environment variable (for <c>env_var()</c>).</summary>
    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;
}
