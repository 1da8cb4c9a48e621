namespace Logbook.Transform.Project;

/// <summary>A documented column of a model or source table.</summary>
public sealed record ColumnDoc(string Name, string? Description, string? DataType);
