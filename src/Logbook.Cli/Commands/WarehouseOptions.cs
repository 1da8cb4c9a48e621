using System.CommandLine;
using Logbook.Hosting;

namespace Logbook.Cli.Commands;

/// <summary>The options every warehouse command takes: where the project is and which warehouse to use.</summary>
internal sealed class WarehouseOptions
{
    public Option<string?> ProjectDir { get; } = new("--project-dir")
    {
        Description = "The project folder (holding logbook.yml); default: the current directory",
        HelpName = "dir",
    };

    public Option<string?> ProfilesDir { get; } = new("--profiles-dir")
    {
        Description = "The folder holding profiles.yml; default: $LOGBOOK_PROFILES_DIR, the project folder, then ~/.logbook",
        HelpName = "dir",
    };

    public Option<string?> Target { get; } = new("--target", "-t")
    {
        Description = "The output of the profile to use; default: the profile's 'target'",
        HelpName = "name",
    };

    public Option<string?> Warehouse { get; } = new("--warehouse")
    {
        Description = "Use this DuckDB file instead of the profile's target",
        HelpName = "path",
    };

    public Option<bool> ReadOnly { get; } = new("--read-only")
    {
        Description = "Open the warehouse read-only",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ProjectDir);
        command.Options.Add(ProfilesDir);
        command.Options.Add(Target);
        command.Options.Add(Warehouse);
        command.Options.Add(ReadOnly);
    }

    public HostOptions Read(ParseResult parse) => new()
    {
        ProjectDirectory = parse.GetValue(ProjectDir),
        ProfilesDirectory = parse.GetValue(ProfilesDir),
        TargetName = parse.GetValue(Target),
        WarehousePath = parse.GetValue(Warehouse),
        ReadOnly = parse.GetValue(ReadOnly),
    };
}
