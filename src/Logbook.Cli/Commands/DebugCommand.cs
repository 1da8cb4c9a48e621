using System.CommandLine;
using Logbook.Core.Configuration;
using Logbook.Core.Warehouses;
using Logbook.Hosting;

namespace Logbook.Cli.Commands;

/// <summary><c>logbook debug</c>: shows which project, profile and target are used, and tests the connection (dbt debug).</summary>
internal static class DebugCommand
{
    public static Command Create(CliContext context)
    {
        var warehouse = new WarehouseOptions();
        var command = new Command("debug", "Show the project, profile and target in use and test the warehouse connection");
        warehouse.AddTo(command);
        command.SetAction(parse =>
        {
            var output = context.Out;
            output.WriteLine($"logbook {LogbookHost.ProductVersion}");
            var host = LogbookHost.Load(warehouse.Read(parse), context.Environment);
            var project = host.Project;
            var resolution = host.Configuration.Resolution;
            Line(output, "project folder", project.Directory);
            Line(output, "logbook.yml", project.HasProjectFile ? $"found (project '{project.Name}')" : "not found (warehouse-only: sql and debug work with the default target)");
            Line(output, "profiles file", ProfilesLine(host, resolution));
            Line(output, "profile", resolution.ProfileName ?? "(none)");
            Line(output, "target", $"{host.Target.Name} ({host.Target.Type.ToConfigName()}){(resolution.IsDefault ? " [default]" : string.Empty)}");
            Line(output, "warehouse", host.Warehouse.Description);
            Line(output, "duckdb library", LogbookHost.DuckDbVersion);
            try
            {
                host.TestConnection();
            }
            catch
            {
                Line(output, "connection test", "FAILED");
                throw;
            }

            Line(output, "connection test", "OK (select 1)");
            output.WriteLine("All checks passed!");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string ProfilesLine(LogbookHost host, TargetResolution resolution)
    {
        if (host.Target.Name == LogbookHost.WarehouseOptionTargetName)
        {
            return "not used (--warehouse)";
        }

        if (resolution.ProfilesFile is null)
        {
            return $"default ({resolution.DefaultReason})";
        }

        var found = $"{resolution.ProfilesFile} (from {resolution.ProfilesFileSource})";
        return resolution.IsDefault ? $"{found}; default target: {resolution.DefaultReason}" : found;
    }

    private static void Line(TextWriter output, string label, string value) => output.WriteLine($"  {label + ":",-17} {value}");
}
