using Logbook.Samples.FivetranLog;

namespace Logbook.Warehouse.Postgres.Tests;

public sealed class SampleOnPostgresTests
{
    [Fact]
    public void Replacing_the_sample_keeps_the_views_built_over_it()
    {
        var db = new PgDatabase();
        var options = new FivetranLogOptions { Seed = 3, Connections = 2, Days = 2, Until = new DateOnly(2026, 6, 1) };
        FivetranLogGenerator.Generate(db.Warehouse, options);
        // outer_v reads log and inner_v, which reads account: log is dropped first, so outer_v is found before the
        // view it needs and takes a second pass to be created again.
        db.Query("create view public.inner_v as select id as account_id from fivetran_log.account");
        db.Query("create view public.outer_v as select count(*) as n from fivetran_log.log l join public.inner_v a on true");
        var before = db.Scalar("select n from public.outer_v");

        var result = FivetranLogGenerator.Generate(db.Warehouse, options with { Seed = 4 });

        result.TotalRows.Should().BeGreaterThan(0);
        db.Scalar("select count(*) from information_schema.views where table_schema = 'public'").Should().Be(2L, "both views were created again over the new tables");
        db.Scalar("select n from public.outer_v").Should().NotBe(before, "the views read the new data");
        db.Scalar("select n from public.outer_v").Should().Be(db.Scalar("select count(*) from fivetran_log.log l join fivetran_log.account a on true"));
    }
}
