namespace Logbook.Samples.Tests;

/// <summary>The deliberate dirt of docs/sample-data.md is there, in small shares, and only when asked for.</summary>
public sealed class DirtTests(SmallDataset dataset) : IClassFixture<SmallDataset>
{
    private static readonly Dictionary<string, string> s_dirt = new()
    {
        ["exact duplicate log rows"] = "select count(*) from (select * from fivetran_log.log group by all having count(*) > 1)",
        ["one (id, time_stamp) for two events"] = """
            select count(*) from (select id, time_stamp from fivetran_log.log group by all
            having count(distinct coalesce(message_event, '') || coalesce(message_data, '')) > 1)
            """,
        ["log rows with only the legacy connector_id"] = "select count(*) from fivetran_log.log where connection_id is null and connector_id is not null",
        ["truncated JSON"] = "select count(*) from fivetran_log.log where message_data like '{%' and not json_valid(message_data)",
        ["non-JSON text outside transformations"] = """
            select count(*) from fivetran_log.log where transformation_id is null and message_data not like '{%' and message_data <> ''
            """,
        ["empty message_data"] = "select count(*) from fivetran_log.log where message_data = ''",
        ["MAR rows with only connector_name"] = "select count(*) from fivetran_log.incremental_mar where connection_name is null and connector_id is null and connector_name is not null",
        ["MAR rows with only connector_id holding the name"] = """
            select count(*) from fivetran_log.incremental_mar m
            where connection_name is null and connector_name is null and connection_id is null
            and exists (select 1 from fivetran_log.connection c where c.connection_name = m.connector_id)
            """,
    };

    public static TheoryData<string> Kinds => [.. s_dirt.Keys];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_of_dirt_is_present_in_a_small_share(string kind)
    {
        var rows = dataset.Warehouse.Count(s_dirt[kind]);
        var total = dataset.Warehouse.Count(kind.StartsWith("MAR", StringComparison.Ordinal)
            ? "select count(*) from fivetran_log.incremental_mar"
            : "select count(*) from fivetran_log.log");

        rows.Should().BePositive(kind);
        ((double)rows / total).Should().BeLessThan(0.08, kind);
    }

    [Fact]
    public void A_few_connections_have_no_connector_type_id()
    {
        using var large = new SampleWarehouse();
        large.Generate(SampleWarehouse.Small with { Connections = 80, Days = 1 });

        large.Count("select count(*) from fivetran_log.connection where connector_type_id is null").Should().BeInRange(1, 12);
        large.Count("select count(*) from fivetran_log.connection where connector_type is null").Should().Be(0);
    }

    [Fact]
    public void Without_dirt_none_of_it_is_written()
    {
        using var clean = new SampleWarehouse();
        clean.Generate(SampleWarehouse.Small with { Dirt = false });

        foreach (var (kind, sql) in s_dirt.Where(d => !d.Key.StartsWith("non-JSON", StringComparison.Ordinal)))
        {
            clean.Count(sql).Should().Be(0, kind);
        }

        clean.Count("select count(*) from fivetran_log.log where message_data like '{%' and not json_valid(message_data)").Should().Be(0);
    }
}
