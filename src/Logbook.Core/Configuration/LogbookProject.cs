namespace Logbook.Core.Configuration;

/// <summary>
/// A project folder and what its <c>logbook.yml</c> says. When the folder has no <c>logbook.yml</c>,
/// <see cref="ProjectFile"/> is null, <see cref="Name"/> is the folder's name and <see cref="Profile"/> is null:
/// commands that only need a warehouse then use the default target.
/// </summary>
public sealed record LogbookProject
{
    /// <summary>The file name looked for in the project folder.</summary>
    public const string FileName = "logbook.yml";

    /// <summary>The project folder (absolute).</summary>
    public required string Directory { get; init; }

    /// <summary>The absolute path of <c>logbook.yml</c>, or null when the folder has none.</summary>
    public string? ProjectFile { get; init; }

    public required string Name { get; init; }

    public string? Version { get; init; }

    /// <summary>The profile to use from <c>profiles.yml</c> (defaults to <see cref="Name"/>); null without a project file.</summary>
    public string? Profile { get; init; }

    public IReadOnlyList<string> ModelPaths { get; init; } = ["models"];

    public IReadOnlyList<string> TestPaths { get; init; } = ["tests"];

    public string TargetPath { get; init; } = "target";

    /// <summary>Project variables: strings, numbers, booleans, nulls, lists and nested dictionaries.</summary>
    public IReadOnlyDictionary<string, object?> Vars { get; init; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>The audit log's default schema.</summary>
    public const string DefaultAuditSchema = "logbook_audit";

    /// <summary>Where the run audit log lives (<c>audit-schema</c>).</summary>
    public string AuditSchema { get; init; } = DefaultAuditSchema;

    public bool HasProjectFile => ProjectFile is not null;
}
