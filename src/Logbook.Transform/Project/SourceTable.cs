namespace Logbook.Transform.Project;

/// <summary>One table of a declared source (<c>sources:</c> in logbook.yml or a models YAML file).</summary>
public sealed class SourceTable
{
    /// <summary><c>source.&lt;project&gt;.&lt;source&gt;.&lt;table&gt;</c>.</summary>
    public required string UniqueId { get; init; }

    public required string SourceName { get; init; }

    public required string Name { get; init; }

    public required string Schema { get; init; }

    /// <summary>The table's name in the warehouse (<c>identifier:</c>, else <see cref="Name"/>).</summary>
    public required string Identifier { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<ColumnDoc> Columns { get; init; } = [];

    /// <summary><c>optional: true</c>: the warehouse may lack the table; <c>filled_source()</c> then yields no rows.</summary>
    public bool Optional { get; init; }

    /// <summary>Where it is declared (<c>file:line:col</c>).</summary>
    public required string DefinedAt { get; init; }

    public string RelationName => Sql.Relation(Schema, Identifier);
}
