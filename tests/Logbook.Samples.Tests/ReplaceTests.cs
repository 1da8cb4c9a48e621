namespace Logbook.Samples.Tests;

public sealed class ReplaceTests
{
    [Fact]
    public void A_second_run_replaces_the_first_rather_than_appending()
    {
        using var warehouse = new SampleWarehouse();
        using var reference = new SampleWarehouse("reference.duckdb");
        var options = SampleWarehouse.Small with { Connections = 8, Days = 2 };
        warehouse.Generate(options with { Seed = 1, IncludeOptionalTables = true });
        var result = warehouse.Generate(options);
        reference.Generate(options);

        warehouse.Checksum("log").Should().Be(reference.Checksum("log"));
        warehouse.Count("select count(*) from fivetran_log.log").Should().Be(result.Tables.Single(t => t.Table == "log").Rows);
        warehouse.Count("select count(*) from information_schema.tables where table_name in ('connector_sdk_log', 'audit_trail')")
            .Should().Be(0, "tables of the earlier run that this one does not write are dropped");
    }

    [Fact]
    public void A_run_that_stops_half_way_leaves_the_previous_dataset_untouched()
    {
        using var warehouse = new SampleWarehouse();
        var options = SampleWarehouse.Small with { Connections = 8, Days = 2 };
        warehouse.Generate(options);
        var before = warehouse.Checksum("log");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var rerun = () => warehouse.Generate(options with { Seed = 7, LegacyConnectorTable = true }, cancelled.Token);

        rerun.Should().Throw<OperationCanceledException>();
        warehouse.Checksum("log").Should().Be(before);
        warehouse.Count("select count(*) from fivetran_log.connection").Should().Be(8);
        warehouse.Count("select count(*) from information_schema.tables where table_name = 'connector'").Should().Be(0);
    }

    [Fact]
    public void Options_out_of_range_are_rejected_before_anything_is_written()
    {
        using var warehouse = new SampleWarehouse();

        var generate = () => warehouse.Generate(SampleWarehouse.Small with { Days = 0 });

        generate.Should().Throw<ArgumentException>().WithMessage("days must be between 1 and *");
        warehouse.Count("select count(*) from information_schema.schemata where schema_name = 'fivetran_log'").Should().Be(0);
    }
}
