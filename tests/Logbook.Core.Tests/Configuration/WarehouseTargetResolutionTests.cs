using Logbook.Core.Configuration;
using Logbook.Core.Warehouses;
using Logbook.Hosting;
using Logbook.Warehouse.DuckDb;

namespace Logbook.Core.Tests.Configuration;

/// <summary>From configuration to warehouse, through the composition root.</summary>
public sealed class WarehouseTargetResolutionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Relative_duckdb_path_is_resolved_against_the_project_folder()
    {
        var project = _temp.Folder("project");
        _temp.Write("project/logbook.yml", "name: audit\n");
        _temp.Write("project/profiles.yml", "audit:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: data/dev.duckdb, threads: 2, memory_limit: 1GB }\n");
        var elsewhere = new ConfigurationEnvironment
        {
            GetVariable = _temp.Environment.GetVariable,
            CurrentDirectory = _temp.Folder("somewhere/else"),
            HomeDirectory = _temp.Home,
        };

        var host = LogbookHost.Load(new HostOptions { ProjectDirectory = project }, elsewhere);

        var warehouse = host.Warehouse.Should().BeOfType<DuckDbWarehouse>().Subject;
        warehouse.DatabasePath.Should().Be(Path.Combine(project, "data", "dev.duckdb"));
        warehouse.Threads.Should().Be(2);
        warehouse.MemoryLimit.Should().Be("1GB");
        warehouse.ConnectionString.Should().Contain("threads=2").And.Contain("memory_limit=1GB");
    }

    [Fact]
    public void Default_target_puts_the_warehouse_in_the_project_folder()
    {
        var host = LogbookHost.Load(new HostOptions(), _temp.Environment);

        host.Warehouse.Should().BeOfType<DuckDbWarehouse>().Which.DatabasePath.Should().Be(Path.Combine(_temp.Path, "warehouse.duckdb"));
    }

    [Fact]
    public void Opening_creates_the_database_folder()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        _temp.Write("profiles.yml", "audit:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: nested/deeper/dev.duckdb }\n");
        var host = LogbookHost.Load(new HostOptions(), _temp.Environment);

        host.TestConnection();

        File.Exists(Path.Combine(_temp.Path, "nested", "deeper", "dev.duckdb")).Should().BeTrue();
    }

    [Fact]
    public void Postgres_target_loads_and_describes_itself_without_the_password()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        _temp.Variables["PG_PASSWORD"] = "hunter2";
        _temp.Write("profiles.yml", "audit:\n  target: pg\n  outputs:\n    pg: { type: postgres, host: db.internal, port: 6543, user: loader, password: \"{{ env_var('PG_PASSWORD') }}\", dbname: analytics, schema: marts }\n");

        var host = LogbookHost.Load(new HostOptions(), _temp.Environment);

        host.Warehouse.Kind.Should().Be(WarehouseKind.Postgres);
        host.Warehouse.DefaultSchema.Should().Be("marts");
        host.Warehouse.Description.Should().Be("PostgreSQL database analytics on db.internal:6543 as loader").And.NotContain("hunter2");
        host.AuditJournalDirectory.Should().BeNull("the journal sits next to a DuckDB file; a server warehouse waits for its commits");
    }

    [Fact]
    public void Invalid_postgres_setting_names_its_position()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        var file = _temp.Write("profiles.yml", "audit:\n  target: pg\n  outputs:\n    pg:\n      type: postgres\n      host: db\n      dbname: x\n      sslmode: sometimes\n");

        var act = () => LogbookHost.Load(new HostOptions(), _temp.Environment);

        act.Should().Throw<LogbookConfigurationException>()
            .WithMessage($"{file}:8:16: 'sslmode' of target 'pg' must be one of disable, allow, prefer, require, verify-ca, verify-full, not 'sometimes'");
    }

    [Fact]
    public void Invalid_duckdb_setting_names_its_position()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        var file = _temp.Write("profiles.yml", "audit:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      threads: many\n");

        var act = () => LogbookHost.Load(new HostOptions(), _temp.Environment);

        act.Should().Throw<LogbookConfigurationException>().WithMessage($"{file}:6:16: 'threads' of target 'dev' must be a positive whole number, not 'many'");
    }

    [Fact]
    public void Unknown_duckdb_setting_is_an_error()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        var file = _temp.Write("profiles.yml", "audit:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      thread: 4\n");

        var act = () => LogbookHost.Load(new HostOptions(), _temp.Environment);

        act.Should().Throw<LogbookConfigurationException>().WithMessage($"{file}:6:15: unknown setting 'thread'*");
    }

    [Fact]
    public void Warehouse_option_overrides_the_profile_and_is_relative_to_the_current_directory()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        _temp.Write("profiles.yml", "audit:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: dev.duckdb }\n");

        var host = LogbookHost.Load(new HostOptions { WarehousePath = "other.duckdb", ReadOnly = true }, _temp.Environment);

        var warehouse = host.Warehouse.Should().BeOfType<DuckDbWarehouse>().Subject;
        warehouse.DatabasePath.Should().Be(Path.Combine(_temp.Path, "other.duckdb"));
        warehouse.ReadOnly.Should().BeTrue();
        host.Warehouse.Description.Should().Contain("read-only");
    }
}
