using Logbook.Core.Warehouses;

namespace Logbook.Core.Configuration;

/// <summary>
/// Loads a project folder's <c>logbook.yml</c> and picks the warehouse target from <c>profiles.yml</c>, following
/// dbt's conventions (see docs/configuration.md).
/// </summary>
public static class ConfigurationLoader
{
    /// <summary>The profiles file name.</summary>
    public const string ProfilesFileName = "profiles.yml";

    /// <summary>The name of the built-in target used when no profile applies.</summary>
    public const string DefaultTargetName = "default";

    /// <summary>The DuckDB file of the built-in target, relative to the project folder.</summary>
    public const string DefaultDuckDbPath = "warehouse.duckdb";

    /// <summary>The built-in target: DuckDB at <c>warehouse.duckdb</c> in the project folder.</summary>
    public static WarehouseTarget DefaultTarget { get; } = new(
        DefaultTargetName,
        WarehouseKind.DuckDb,
        new Dictionary<string, string>(StringComparer.Ordinal) { ["path"] = DefaultDuckDbPath });

    /// <summary>Loads the project and resolves its target.</summary>
    /// <param name="projectDirectory">The project folder; null for the current directory.</param>
    /// <param name="profilesDirectory">The <c>--profiles-dir</c> option, if given.</param>
    /// <param name="targetName">The <c>--target</c> option, if given.</param>
    /// <param name="environment">Environment variables and folders.</param>
    public static LogbookConfiguration Load(string? projectDirectory, string? profilesDirectory, string? targetName, ConfigurationEnvironment environment)
    {
        var project = LoadProject(projectDirectory, environment);
        return new LogbookConfiguration(project, ResolveTarget(project, profilesDirectory, targetName, environment));
    }

    /// <summary>Reads <c>logbook.yml</c> from the project folder; a folder without one gives a file-less project.</summary>
    public static LogbookProject LoadProject(string? projectDirectory, ConfigurationEnvironment environment)
    {
        var directory = projectDirectory is null ? Path.GetFullPath(environment.CurrentDirectory) : environment.ResolvePath(projectDirectory);
        if (!Directory.Exists(directory))
        {
            throw new LogbookConfigurationException($"the project folder {directory} does not exist");
        }

        return ProjectFileReader.Read(directory, environment.GetVariable);
    }

    /// <summary>Finds the profiles file and picks the target from the project's profile.</summary>
    public static TargetResolution ResolveTarget(LogbookProject project, string? profilesDirectory, string? targetName, ConfigurationEnvironment environment)
    {
        if (project.Profile is null)
        {
            return Default(project, targetName, profilesFile: null, source: null, $"no {LogbookProject.FileName} in {project.Directory}, so no profile to read");
        }

        var (file, source) = FindProfilesFile(project, profilesDirectory, environment);
        if (file is null)
        {
            return Default(project, targetName, profilesFile: null, source: null, $"no {ProfilesFileName} found");
        }

        var parsed = YamlFile.Load(file, environment.GetVariable);
        var profile = ProfilesFileReader.FindProfile(parsed, project.Profile);
        if (profile is null)
        {
            return Default(project, targetName, file, source, $"{file} has no profile '{project.Profile}'");
        }

        return new TargetResolution
        {
            ProfilesFile = file,
            ProfilesFileSource = source,
            ProfileName = project.Profile,
            Target = ProfilesFileReader.ReadTarget(parsed, project.Profile, profile, targetName),
        };
    }

    /// <summary>
    /// The profiles file, searched in order: <c>--profiles-dir</c>, <c>LOGBOOK_PROFILES_DIR</c>, the project folder,
    /// <c>~/.logbook/</c>. A folder given explicitly (option or variable) must contain the file.
    /// </summary>
    public static (string? File, string? Source) FindProfilesFile(LogbookProject project, string? profilesDirectory, ConfigurationEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(profilesDirectory))
        {
            return (Required(environment.ResolvePath(profilesDirectory), "--profiles-dir"), "--profiles-dir");
        }

        var fromEnvironment = environment.GetVariable(ConfigurationEnvironment.ProfilesDirVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return (Required(environment.ResolvePath(fromEnvironment), ConfigurationEnvironment.ProfilesDirVariable), ConfigurationEnvironment.ProfilesDirVariable);
        }

        var inProject = Path.Combine(project.Directory, ProfilesFileName);
        if (File.Exists(inProject))
        {
            return (inProject, "the project folder");
        }

        if (environment.HomeDirectory is { } home)
        {
            var inHome = Path.Combine(home, ".logbook", ProfilesFileName);
            if (File.Exists(inHome))
            {
                return (inHome, "~/.logbook");
            }
        }

        return (null, null);
    }

    private static string Required(string directory, string givenBy)
    {
        var file = Path.Combine(directory, ProfilesFileName);
        return File.Exists(file) ? file : throw new LogbookConfigurationException($"no {ProfilesFileName} in {directory} (given by {givenBy})");
    }

    private static TargetResolution Default(LogbookProject project, string? targetName, string? profilesFile, string? source, string reason)
    {
        if (targetName is not null && targetName != DefaultTargetName)
        {
            throw new LogbookConfigurationException($"cannot select target '{targetName}': {reason}");
        }

        return new TargetResolution
        {
            ProfilesFile = profilesFile,
            ProfilesFileSource = source,
            Target = DefaultTarget with { Source = null },
            IsDefault = true,
            DefaultReason = reason,
        };
    }
}
