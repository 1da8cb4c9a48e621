using Logbook.Samples.FivetranLog;

namespace Logbook.Samples.Tests;

/// <summary>The tables and columns of fivetran_platform_log.md section 1, spelled out here rather than read from the generator.</summary>
public sealed class SchemaContractTests(SmallDataset dataset) : IClassFixture<SmallDataset>
{
    private const string Text = "VARCHAR";
    private const string Time = "TIMESTAMP";
    private const string Int = "BIGINT";
    private const string Bool = "BOOLEAN";

    private static readonly Dictionary<string, (string Column, string Type)[]> s_required = new()
    {
        ["log"] =
        [
            ("id", Text), ("time_stamp", Time), ("connection_id", Text), ("connector_id", Text), ("event", Text), ("message_data", Text),
            ("message_event", Text), ("transformation_id", Text), ("sync_id", Text), ("_fivetran_synced", Time),
        ],
        ["connection"] = ConnectionColumns("connection_id", "connection_name"),
        ["destination"] = [("id", Text), ("account_id", Text), ("created_at", Time), ("name", Text), ("region", Text), ("_fivetran_synced", Time)],
        ["account"] = [("id", Text), ("country", Text), ("created_at", Time), ("name", Text), ("status", Text), ("_fivetran_synced", Time)],
        ["incremental_mar"] =
        [
            ("connector_id", Text), ("connection_name", Text), ("connector_name", Text), ("connection_id", Text), ("destination_id", Text),
            ("free_type", Text), ("measured_date", Time), ("incremental_rows", Int), ("sync_type", Text), ("schema_name", Text),
            ("table_name", Text), ("updated_at", Time), ("_fivetran_synced", Time),
        ],
        ["credits_used"] = [("destination_id", Text), ("measured_month", Text), ("credits_consumed", Int), ("_fivetran_synced", Time)],
        ["usage_cost"] = [("destination_id", Text), ("measured_month", Text), ("amount", "DOUBLE"), ("_fivetran_synced", Time)],
        ["transformation_runs"] =
        [
            ("destination_id", Text), ("job_id", Text), ("measured_date", Time), ("project_type", Text), ("free_type", Text), ("job_name", Text),
            ("updated_at", Time), ("model_runs", Int), ("_fivetran_synced", Time),
        ],
        ["user"] =
        [
            ("id", Text), ("created_at", Time), ("email", Text), ("email_disabled", Bool), ("family_name", Text), ("given_name", Text),
            ("phone", Text), ("verified", Bool), ("_fivetran_synced", Time),
        ],
        ["destination_membership"] =
            [("destination_id", Text), ("user_id", Text), ("activated_at", Time), ("joined_at", Time), ("role", Text), ("_fivetran_synced", Time)],
    };

    private static readonly Dictionary<string, (string Column, string Type)[]> s_optional = new()
    {
        ["connector_sdk_log"] =
        [
            ("_fivetran_synced", Time), ("connection_id", Text), ("event_time", Time), ("id", Text), ("level", Text), ("message", Text),
            ("message_origin", Text), ("sync_id", Text),
        ],
        ["audit_trail"] =
        [
            ("_fivetran_synced", Time), ("action", Text), ("captured_at", Time), ("id", Text), ("interaction_method", Text), ("new_values", Text),
            ("old_values", Text), ("primary_resource_id", Text), ("primary_resource_type", Text), ("secondary_resource_id", Text),
            ("secondary_resource_type", Text), ("user_id", Text),
        ],
    };

    [Fact]
    public void Every_table_of_the_contract_has_exactly_its_columns_and_types_in_order()
    {
        Tables(dataset.Warehouse).Should().BeEquivalentTo(s_required);
    }

    [Fact]
    public void Every_table_has_rows()
    {
        dataset.Result.Tables.Select(t => t.Table).Should().BeEquivalentTo(s_required.Keys);
        dataset.Result.Tables.Should().OnlyContain(t => t.Rows > 0);
        foreach (var table in dataset.Result.Tables)
        {
            dataset.Warehouse.Count($"select count(*) from fivetran_log.\"{table.Table}\"").Should().Be(table.Rows, table.Table);
        }
    }

    [Fact]
    public void The_optional_tables_are_absent_by_default_and_written_on_request()
    {
        using var warehouse = new SampleWarehouse();
        warehouse.Generate(SampleWarehouse.Small with { Days = 2, IncludeOptionalTables = true });

        var tables = Tables(warehouse);
        tables.Should().BeEquivalentTo(s_required.Concat(s_optional).ToDictionary());
        warehouse.Count("select count(*) from fivetran_log.connector_sdk_log").Should().BePositive("the eighth connection is a Connector SDK one");
        warehouse.Count("select count(*) from fivetran_log.audit_trail where user_id is not null").Should().BePositive();
        Tables(dataset.Warehouse).Keys.Should().NotContain(s_optional.Keys);
    }

    [Fact]
    public void The_legacy_switch_writes_connector_instead_of_connection_and_drops_the_other()
    {
        using var warehouse = new SampleWarehouse();
        warehouse.Generate(SampleWarehouse.Small with { Connections = 3, Days = 1 });
        warehouse.Generate(SampleWarehouse.Small with { Connections = 3, Days = 1, LegacyConnectorTable = true });

        var tables = Tables(warehouse);
        tables.Should().NotContainKey("connection");
        tables["connector"].Should().Equal(ConnectionColumns("connector_id", "connector_name"));
        warehouse.Count("select count(*) from fivetran_log.connector").Should().Be(3);
    }

    [Fact]
    public void The_schema_option_names_the_schema()
    {
        using var warehouse = new SampleWarehouse();
        warehouse.Generate(SampleWarehouse.Small with { Connections = 2, Days = 1, Schema = "fivetran_metadata" });

        warehouse.Count("select count(*) from information_schema.tables where table_schema = 'fivetran_metadata'").Should().Be(s_required.Count);
        warehouse.Count("select count(*) from information_schema.tables where table_schema = 'fivetran_log'").Should().Be(0);
    }

    [Fact]
    public void Measured_months_are_yyyy_mm_text()
    {
        dataset.Warehouse.Count("""
            select count(*) from (select measured_month from fivetran_log.credits_used union all select measured_month from fivetran_log.usage_cost)
            where not regexp_full_match(measured_month, '\d{4}-\d{2}')
            """).Should().Be(0);
    }

    private static Dictionary<string, (string Column, string Type)[]> Tables(SampleWarehouse warehouse) =>
        warehouse.Rows("select table_name, column_name, data_type from information_schema.columns where table_schema = 'fivetran_log' order by table_name, ordinal_position")
            .GroupBy(row => (string)row[0]!)
            .ToDictionary(g => g.Key, g => g.Select(row => ((string)row[1]!, (string)row[2]!)).ToArray());

    private static (string Column, string Type)[] ConnectionColumns(string id, string name) =>
    [
        (id, Text), ("connecting_user_id", Text), (name, Text), ("connector_type", Text), ("connector_type_id", Text), ("destination_id", Text),
        ("paused", Bool), ("service_version", Int), ("signed_up", Time), ("_fivetran_synced", Time), ("_fivetran_deleted", Bool),
    ];
}
