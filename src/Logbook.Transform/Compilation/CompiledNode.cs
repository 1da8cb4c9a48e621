namespace Logbook.Transform.Compilation;

/// <summary>A node's SQL as it runs: templates rendered, ephemeral models inlined, no trailing semicolon.</summary>
public sealed record CompiledNode(string Sql, IReadOnlyList<StepEvent> Events);
