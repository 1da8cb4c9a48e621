using Logbook.Core.Templates;

namespace Logbook.Transform.Project;

/// <summary>A model: one <c>models/**/*.sql</c> file, its documentation and its resolved configuration.</summary>
public sealed class ModelNode
{
    /// <summary><c>model.&lt;project&gt;.&lt;name&gt;</c>.</summary>
    public required string UniqueId { get; init; }

    public required string Name { get; init; }

    /// <summary>The SQL file (absolute).</summary>
    public required string FilePath { get; init; }

    /// <summary>The SQL file relative to the project folder, with forward slashes (<c>models/staging/stg_x.sql</c>).</summary>
    public required string OriginalFilePath { get; init; }

    /// <summary>The file relative to its model path (<c>staging/stg_x.sql</c>).</summary>
    public required string Path { get; init; }

    public required string RawSql { get; init; }

    public required IReadOnlyList<TemplateNode> Template { get; init; }

    public required ModelConfig Config { get; init; }

    /// <summary>The schema the model is built in.</summary>
    public required string Schema { get; init; }

    /// <summary>The relation's name (the alias, else the model's name).</summary>
    public required string Alias { get; init; }

    /// <summary>The unique ids this model reads (models and sources), in the order first referenced.</summary>
    public required IReadOnlyList<string> DependsOn { get; init; }

    public string? Description { get; set; }

    public IReadOnlyList<ColumnDoc> Columns { get; set; } = [];

    /// <summary>SHA-256 of the file, for manifest.json.</summary>
    public required string Checksum { get; init; }

    /// <summary>The quoted relation; null for an ephemeral model, which is never built.</summary>
    public string? RelationName => Config.Materialized == Materialization.Ephemeral ? null : Sql.Relation(Schema, Alias);
}
