using System.Data.Common;
using System.Reflection;
using Logbook.Core.Configuration;
using Logbook.Core.Querying;
using Logbook.Core.Warehouses;
using Logbook.Samples.FivetranLog;
using Logbook.Warehouse.DuckDb;
using Logbook.Warehouse.Postgres;

namespace Logbook.Hosting;

/// <summary>
/// The composition root: a loaded project, its resolved target and the warehouse built for it. Front ends
/// (the CLI, later a server) call only this.
/// </summary>
public sealed class LogbookHost
{
    /// <summary>The name of the target made from <c>--warehouse</c>.</summary>
    public const string WarehouseOptionTargetName = "--warehouse";

    private LogbookHost(LogbookConfiguration configuration, IWarehouse warehouse, string? auditJournalDirectory)
    {
        Configuration = configuration;
        Warehouse = warehouse;
        AuditJournalDirectory = auditJournalDirectory;
    }

    /// <summary>
    /// Where runs journal their audit log's <c>started</c> rows before committing them: next to the DuckDB file
    /// (<c>&lt;file&gt;.audit-journal/</c>); null for an in-memory database, whose log cannot outlive the process anyway.
    /// </summary>
    public string? AuditJournalDirectory { get; }

    /// <summary>The audit log's settings for a run on this host's project and target.</summary>
    public Logbook.Audit.AuditOptions AuditOptions(string? targetName = null) => new()
    {
        Schema = Project.AuditSchema,
        TargetName = targetName ?? Target.Name,
        LogbookVersion = ProductVersion,
        JournalDirectory = AuditJournalDirectory,
    };

    public LogbookConfiguration Configuration { get; }

    public LogbookProject Project => Configuration.Project;

    public WarehouseTarget Target => Configuration.Target;

    public IWarehouse Warehouse { get; }

    /// <summary>Logbook's version, for example <c>0.1.0</c>.</summary>
    public static string ProductVersion { get; } = ReadProductVersion();

    /// <summary>The version of the embedded DuckDB library, for example <c>v1.5.6</c> (loads the library).</summary>
    public static string DuckDbVersion => DuckDbWarehouse.LibraryVersion;

    /// <summary>Loads the project and target and builds the warehouse. Nothing is opened yet.</summary>
    /// <exception cref="LogbookConfigurationException">The configuration or the options are invalid.</exception>
    public static LogbookHost Load(HostOptions options, ConfigurationEnvironment? environment = null)
    {
        environment ??= ConfigurationEnvironment.FromProcess();
        var project = ConfigurationLoader.LoadProject(options.ProjectDirectory, environment);
        TargetResolution resolution;
        if (options.WarehousePath is { } warehousePath)
        {
            if (options.TargetName is not null)
            {
                throw new LogbookConfigurationException("--warehouse and --target cannot be used together");
            }

            if (string.IsNullOrWhiteSpace(warehousePath))
            {
                throw new LogbookConfigurationException("--warehouse needs a DuckDB file path");
            }

            var path = warehousePath.StartsWith(":memory:", StringComparison.Ordinal) ? warehousePath : environment.ResolvePath(warehousePath);
            resolution = new TargetResolution
            {
                Target = new WarehouseTarget(
                    WarehouseOptionTargetName,
                    WarehouseKind.DuckDb,
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["path"] = path }),
            };
        }
        else
        {
            resolution = ConfigurationLoader.ResolveTarget(project, options.ProfilesDirectory, options.TargetName, environment);
        }

        if (options.ReadOnly)
        {
            resolution = resolution with { Target = resolution.Target.With("read_only", "true") };
        }

        var configuration = new LogbookConfiguration(project, resolution);
        var warehouse = WarehouseFactory.Create(configuration.Target, project.Directory);
        return new LogbookHost(configuration, warehouse, JournalDirectoryOf(warehouse));
    }

    /// <summary>
    /// A host for the same project and target that uses <paramref name="warehouse"/> instead, for example a
    /// decorator of <see cref="Warehouse"/> that traces or times the commands it runs.
    /// </summary>
    public LogbookHost WithWarehouse(IWarehouse warehouse) => new(Configuration, warehouse, AuditJournalDirectory);

    private static string? JournalDirectoryOf(IWarehouse warehouse) =>
        warehouse is DuckDbWarehouse { IsInMemory: false, ReadOnly: false } duckDb ? duckDb.DatabasePath + ".audit-journal" : null;

    /// <summary>Runs a SQL text (one or more statements) and returns its last result set.</summary>
    public SqlResult RunSql(string sql) => SqlRunner.Run(Warehouse, sql);

    /// <summary>Writes the sample Fivetran Platform Connector dataset (docs/sample-data.md) into the warehouse, replacing a previous one.</summary>
    public FivetranLogResult GenerateFivetranLog(FivetranLogOptions options, CancellationToken cancellationToken = default) =>
        FivetranLogGenerator.Generate(Warehouse, options, cancellationToken);

    /// <summary>Recent runs from the audit log, newest first; null when nothing was ever recorded in <paramref name="schema"/>.</summary>
    public SqlResult? RecentRuns(string schema, int last, bool failedOnly)
    {
        var exists = SqlRunner.Run(Warehouse, Logbook.Audit.AuditQueries.SummaryExists(schema));
        if (Convert.ToInt64(exists.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        return SqlRunner.Run(Warehouse, Logbook.Audit.AuditQueries.RecentRuns(schema, last, failedOnly));
    }

    /// <summary>Opens a connection and runs <c>select 1</c>; throws what the warehouse throws.</summary>
    public void TestConnection()
    {
        using var connection = Warehouse.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "select 1";
        var value = command.ExecuteScalar();
        if (Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 1)
        {
            throw new InvalidOperationException($"'select 1' returned {value} instead of 1");
        }
    }

    /// <summary>
    /// One line describing a warehouse error: for DuckDB, the first line of the engine's message and the first
    /// line of the failing SQL; otherwise the exception's first line.
    /// </summary>
    public static string DescribeError(DbException exception)
    {
        if (DuckDbWarehouse.TryDescribeError(exception, out var description) || PostgresWarehouse.TryDescribeError(exception, out description))
        {
            return description;
        }

        var message = exception.Message.AsSpan().Trim();
        var newline = message.IndexOfAny('\r', '\n');
        return (newline < 0 ? message : message[..newline]).ToString();
    }

    private static string ReadProductVersion()
    {
        var assembly = typeof(LogbookHost).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
