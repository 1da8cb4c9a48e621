namespace Logbook.Core.Configuration;

/// <summary>
/// What configuration loading reads from the outside world: environment variables, the current directory and
/// the home directory. Tests pass their own instead of changing the process's.
/// </summary>
public sealed class ConfigurationEnvironment
{
    /// <summary>Names the folder that holds <c>profiles.yml</c> when <c>--profiles-dir</c> is not given.</summary>
    public const string ProfilesDirVariable = "LOGBOOK_PROFILES_DIR";

    /// <summary>Returns an environment variable's value, or null when it is not set.</summary>
    public required Func<string, string?> GetVariable { get; init; }

    /// <summary>The folder relative paths given on the command line are resolved against.</summary>
    public required string CurrentDirectory { get; init; }

    /// <summary>The user's home folder (for <c>~/.logbook/profiles.yml</c>); null when there is none.</summary>
    public string? HomeDirectory { get; init; }

    /// <summary>The running process's environment.</summary>
    public static ConfigurationEnvironment FromProcess()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new ConfigurationEnvironment
        {
            GetVariable = Environment.GetEnvironmentVariable,
            CurrentDirectory = Directory.GetCurrentDirectory(),
            HomeDirectory = string.IsNullOrEmpty(home) ? null : home,
        };
    }

    /// <summary>Resolves a path against <see cref="CurrentDirectory"/>, expanding a leading <c>~/</c>.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(ExpandHome(path), CurrentDirectory);

    /// <summary>Expands a leading <c>~</c> or <c>~/</c> to <see cref="HomeDirectory"/>.</summary>
    public string ExpandHome(string path)
    {
        if (HomeDirectory is null || path.Length == 0 || path[0] != '~')
        {
            return path;
        }

        if (path.Length == 1)
        {
            return HomeDirectory;
        }

        return path[1] is '/' or '\\' ? Path.Combine(HomeDirectory, path[2..]) : path;
    }
}
