namespace Logbook.Core.Selection;

/// <summary>What selection needs to know of a node: its unique name, tags, and file path relative to the project.</summary>
public sealed record SelectableNode(string Name, IReadOnlyCollection<string> Tags, string Path);
