namespace Logbook.Hosting;

/// <summary>What the caller chose on the command line (or elsewhere); null means "use the conventions".</summary>
public sealed record HostOptions
{
    /// <summary>The project folder; null for the current directory.</summary>
    public string? ProjectDirectory { get; init; }

    /// <summary>The folder holding profiles.yml (overrides LOGBOOK_PROFILES_DIR and the search).</summary>
    public string? ProfilesDirectory { get; init; }

    /// <summary>The output of the profile to use instead of the profile's <c>target</c>.</summary>
    public string? TargetName { get; init; }

    /// <summary>A DuckDB file to use instead of any profile (relative to the current directory).</summary>
    public string? WarehousePath { get; init; }

    /// <summary>Open the warehouse read-only whatever the target says.</summary>
    public bool ReadOnly { get; init; }
}
