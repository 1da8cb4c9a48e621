using Logbook.Core.Configuration;

namespace Logbook.Core.Warehouses;

/// <summary>
/// One output of a profile: where and how to reach a warehouse. <see cref="Settings"/> holds every key of the
/// output except <c>type</c>, as text (for DuckDB: path, read_only, threads, memory_limit, schema).
/// </summary>
public sealed record WarehouseTarget(string Name, WarehouseKind Type, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>Where the target is defined; null for the built-in default and command-line targets.</summary>
    public SourceLocation? Source { get; init; }

    /// <summary>Where each setting's value (and the <c>type</c>) is written, for error messages.</summary>
    public IReadOnlyDictionary<string, SourceLocation> SettingSources { get; init; } = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);

    /// <summary>The place to blame for a problem with <paramref name="setting"/>: its value, else the target.</summary>
    public SourceLocation? Locate(string setting) => SettingSources.TryGetValue(setting, out var location) ? location : Source;

    /// <summary>A setting's value, or null when it is absent.</summary>
    public string? Get(string setting) => Settings.TryGetValue(setting, out var value) ? value : null;

    /// <summary>A copy with <paramref name="setting"/> set to <paramref name="value"/>.</summary>
    public WarehouseTarget With(string setting, string value) =>
        this with { Settings = new Dictionary<string, string>(Settings, StringComparer.Ordinal) { [setting] = value } };
}
