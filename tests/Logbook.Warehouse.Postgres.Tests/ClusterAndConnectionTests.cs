using System.Data.Common;
using Logbook.Core.Configuration;
using Logbook.Core.Warehouses;
using Logbook.Warehouse.Postgres;

namespace Logbook.Warehouse.Postgres.Tests;

public sealed class ClusterAndConnectionTests
{
    [Fact]
    public void The_throwaway_cluster_is_postgresql_15_on_loopback_with_durability_off()
    {
        var db = new PgDatabase();

        Convert.ToInt32(db.Scalar("select current_setting('server_version_num')::int"), System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(150000);
        db.Scalar("select current_setting('fsync')").Should().Be("off");
        db.Scalar("select current_setting('listen_addresses')").Should().Be("127.0.0.1");
        db.Scalar("select current_database()").Should().Be(db.Name);
    }

    [Fact]
    public void The_first_connection_installs_the_helper_functions_once()
    {
        var db = new PgDatabase();

        db.Scalar("select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'logbook_util' and p.proname like 'helpers_version_%'").Should().Be(1L);
        // A second warehouse over the same database finds them and installs nothing.
        var again = PostgresWarehouse.FromTarget(db.Target);
        using var connection = again.OpenConnection();
        PgDatabase.Query(connection, "select logbook_util.json_text('{\"a\": {\"b\": 7}}', 'a.b'), logbook_util.json_text('{not json', 'a')").Single().Should().Equal(new object?[] { "7", null });
    }

    [Fact]
    public void A_user_who_may_not_create_the_helpers_can_still_connect_and_query()
    {
        var db = new PgDatabase();
        var role = $"reader_{db.Name}";
        db.Cluster.Psql(db.Name, $"create role {role} login password 'reader-pw'");
        var reader = PostgresWarehouse.FromTarget(db.Target.With("user", role).With("password", "reader-pw"));

        using var connection = reader.OpenConnection();

        PgDatabase.Query(connection, "select 40 + 2").Single()[0].Should().Be(42);
        PgDatabase.Query(connection, "select count(*) from pg_namespace where nspname = 'logbook_util'").Single()[0].Should().Be(0L, "it has no right to create them");
    }

    [Fact]
    public void A_wrong_password_is_one_line_naming_the_server_and_never_the_password()
    {
        var db = new PgDatabase();
        var target = db.Target.With("password", "not-the-password");

        var error = FluentActions.Invoking(() => PostgresWarehouse.FromTarget(target).OpenConnection()).Should().Throw<DbException>().Which;

        var warehouse = PostgresWarehouse.FromTarget(target);
        var line = warehouse.DescribeError(error);
        line.Should().Be($"authentication failed for PostgreSQL at 127.0.0.1:{db.Cluster.Port}/{db.Name}: password authentication failed for user \"postgres\"");
        line.Should().NotContain("not-the-password");
    }

    [Fact]
    public void A_missing_database_and_a_refused_port_each_give_one_line()
    {
        var db = new PgDatabase();

        var missing = PostgresWarehouse.FromTarget(db.Target.With("dbname", "no_such_db"));
        var missingError = FluentActions.Invoking(missing.OpenConnection).Should().Throw<DbException>().Which;
        missing.DescribeError(missingError).Should().Be($"cannot connect to PostgreSQL at 127.0.0.1:{db.Cluster.Port}/no_such_db: database \"no_such_db\" does not exist");

        var refused = PostgresWarehouse.FromTarget(db.Target.With("port", "1"));
        var refusedError = FluentActions.Invoking(refused.OpenConnection).Should().Throw<DbException>().Which;
        refused.DescribeError(refusedError).Should().StartWith($"cannot connect to PostgreSQL at 127.0.0.1:1/{db.Name}: ").And.NotContain("\n");
    }

    [Fact]
    public void A_failing_statement_is_described_with_its_sqlstate_and_position()
    {
        var db = new PgDatabase();
        using var connection = db.Warehouse.OpenConnection();

        var error = FluentActions.Invoking(() => PgDatabase.Query(connection, "select 1 / 0")).Should().Throw<DbException>().Which;
        db.Warehouse.DescribeError(error).Should().Be("division by zero [SQLSTATE 22012]");
        var syntax = FluentActions.Invoking(() => PgDatabase.Query(connection, "selec 1 from nowhere")).Should().Throw<DbException>().Which;
        db.Warehouse.DescribeError(syntax).Should().StartWith("syntax error at or near \"selec\" (at character 1)").And.EndWith("[SQLSTATE 42601]");
    }

    [Fact]
    public void Statements_have_no_time_limit_unless_the_target_sets_command_timeout_and_then_say_so()
    {
        var db = new PgDatabase();
        db.Warehouse.CommandTimeout.Should().Be(0, "models scan millions of rows; Npgsql's 30 s default would cut them off");

        var limited = PostgresWarehouse.FromTarget(db.Target.With("command_timeout", "1"));
        using var connection = limited.OpenConnection();
        var error = FluentActions.Invoking(() => PgDatabase.Query(connection, "select pg_sleep(5)")).Should().Throw<DbException>().Which;

        limited.DescribeError(error).Should().Be("the statement timed out after 1 s (the target's command_timeout; 0 = none)");
    }

    [Theory]
    [InlineData("postgres://loader:p%40ss@db.example.com:6543/analytics?sslmode=require", "db.example.com", 6543, "loader", "p@ss", "analytics")]
    [InlineData("postgresql://db/warehouse", "db", 5432, null, null, "warehouse")]
    public void A_url_target_gives_every_part(string url, string host, int port, string? user, string? password, string database)
    {
        var builder = PostgresTargetSettings.Build(new WarehouseTarget("pg", WarehouseKind.Postgres, new Dictionary<string, string> { ["url"] = url }));

        (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database).Should().Be((host, port, user, password, database));
    }

    [Fact]
    public void Separate_keys_override_the_url_and_bad_settings_name_themselves()
    {
        var builder = PostgresTargetSettings.Build(new WarehouseTarget("pg", WarehouseKind.Postgres, new Dictionary<string, string> { ["url"] = "postgres://a@h/db", ["dbname"] = "other", ["sslmode"] = "verify-full" }));
        (builder.Database, builder.SslMode).Should().Be(("other", Npgsql.SslMode.VerifyFull));

        FluentActions.Invoking(() => PostgresTargetSettings.Build(new WarehouseTarget("pg", WarehouseKind.Postgres, new Dictionary<string, string> { ["url"] = "mysql://h/db" })))
            .Should().Throw<LogbookConfigurationException>().WithMessage("'url' of postgres target 'pg' is not valid: a PostgreSQL URL starts with postgres:// or postgresql://, not mysql://");
        FluentActions.Invoking(() => PostgresTargetSettings.Build(new WarehouseTarget("pg", WarehouseKind.Postgres, new Dictionary<string, string> { ["host"] = "h", ["dbname"] = "d", ["hots"] = "x" })))
            .Should().Throw<LogbookConfigurationException>().WithMessage("unknown setting 'hots' for postgres target 'pg'*");
        FluentActions.Invoking(() => PostgresTargetSettings.Build(new WarehouseTarget("pg", WarehouseKind.Postgres, new Dictionary<string, string> { ["host"] = "h" })))
            .Should().Throw<LogbookConfigurationException>().WithMessage("postgres target 'pg' needs a 'dbname' (or a 'url')");
    }
}
