using Logbook.Audit;
using Logbook.Core.Configuration;
using Logbook.Core.Runs;
using Logbook.Transform.Artifacts;
using Logbook.Transform.Docs;
using Logbook.Transform.Execution;
using Logbook.Transform.Project;

namespace Logbook.Hosting;

/// <summary>
/// The model engine wired to a loaded host: parses the project against the target's dialect and schema, and runs
/// invocations with the run audit log in the project's audit schema (unless <see cref="Audit"/> is false).
/// </summary>
public sealed class ModelEngine(LogbookHost host, ConfigurationEnvironment environment)
{
    public TargetFolder Target { get; } = new(host.Project.Directory, host.Project.TargetPath, host.Project.Name);

    /// <summary>
    /// Whether runs are recorded in the audit log (default true). When false, runs use a <see cref="NullJobLog"/>,
    /// as compile always does: nothing is written, and the audit schema is neither created nor read.
    /// </summary>
    public bool Audit { get; init; } = true;

    /// <summary>Parses the project; <paramref name="vars"/> is the <c>--vars</c> text.</summary>
    /// <exception cref="ProjectException">The project has an error (the message names file and line).</exception>
    public Manifest Parse(string? vars)
    {
        if (!host.Project.HasProjectFile)
        {
            throw new ProjectException($"no {LogbookProject.FileName} in {host.Project.Directory}; model commands need a project (see docs/configuration.md)");
        }

        return ProjectParser.Parse(host.Project, new ParseOptions
        {
            Dialect = host.Warehouse.Dialect,
            DefaultSchema = host.Warehouse.DefaultSchema,
            VarOverrides = VarsOption.Parse(vars),
            GetVariable = environment.GetVariable,
        });
    }

    /// <summary>Runs compile/run/test/build. Audit problems arrive as reporter warnings and never fail the run.</summary>
    public RunResults Run(Manifest manifest, RunOptions options, IRunReporter reporter, CancellationToken cancellationToken)
    {
        options = options with { TargetName = options.TargetName ?? host.Target.Name };
        IJobLog jobLog;
        AuditLog? audit = null;
        if (options.Command == RunCommand.Compile || !Audit)
        {
            jobLog = new NullJobLog(Guid.NewGuid().ToString());
        }
        else
        {
            audit = AuditLog.Open(host.Warehouse, host.AuditOptions(options.TargetName), reporter.Warning);
            jobLog = audit;
        }

        using (audit)
        {
            return new RunTask(manifest, host.Warehouse, jobLog, options, reporter, Target, LogbookHost.ProductVersion).Execute(cancellationToken);
        }
    }

    /// <summary>Writes manifest.json, catalog.json and the static docs page; returns the page's path.</summary>
    public string GenerateDocs(Manifest manifest)
    {
        var manifestJson = ManifestWriter.Build(manifest, Target, Guid.NewGuid().ToString(), LogbookHost.ProductVersion, host.Target.Name, DateTime.UtcNow);
        ManifestWriter.Write(manifestJson, Target);
        var catalog = CatalogBuilder.Build(manifest, host.Warehouse);
        TargetFolder.WriteAtomically(Target.CatalogPath, catalog.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        TargetFolder.WriteAtomically(Target.DocsPath, DocsSite.Render(manifestJson, catalog));
        return Target.DocsPath;
    }
}
