using Logbook.Core.Warehouses;

namespace Logbook.Core.Configuration;

/// <summary>How the target was chosen: from which profiles file and profile, or the built-in default and why.</summary>
public sealed record TargetResolution
{
    /// <summary>The profiles file that was read, or null when none was found (or none was needed).</summary>
    public string? ProfilesFile { get; init; }

    /// <summary>How <see cref="ProfilesFile"/> was found, for example "--profiles-dir" or "the project folder".</summary>
    public string? ProfilesFileSource { get; init; }

    /// <summary>The profile the target comes from; null for the default target.</summary>
    public string? ProfileName { get; init; }

    public required WarehouseTarget Target { get; init; }

    /// <summary>True when <see cref="Target"/> is the built-in default (no profiles file or no matching profile).</summary>
    public bool IsDefault { get; init; }

    /// <summary>Why the default target is used, for <c>logbook debug</c>.</summary>
    public string? DefaultReason { get; init; }
}

/// <summary>A loaded project and its resolved target.</summary>
public sealed record LogbookConfiguration(LogbookProject Project, TargetResolution Resolution)
{
    public WarehouseTarget Target => Resolution.Target;
}
