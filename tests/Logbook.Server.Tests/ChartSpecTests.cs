using Logbook.Server.Web;

namespace Logbook.Server.Tests;

public sealed class ChartSpecTests
{
    [Fact]
    public void A_pivot_orders_its_series_by_name_whatever_the_order_of_rows_within_a_label()
    {
        // Rows come ordered by period only; which stream comes first within a period is the warehouse's choice.
        var rows = new TableData(
            ["period", "stream", "value"],
            [["2026-12-01", "b", 1.0], ["2026-12-01", "a", 2.0], ["2026-12-02", "a", 3.0], ["2026-12-02", "c", 4.0], ["2026-12-02", "b", 5.0]]);

        var (labels, series) = ChartSpec.Pivot(rows, "period", "stream", "value", v => (string)v!);

        labels.Should().Equal("2026-12-01", "2026-12-02");
        series.Select(s => s.Label).Should().Equal("a", "b", "c");
        series.Single(s => s.Label == "c").Values.Should().Equal(null, 4.0);
        series.Single(s => s.Label == "b").Values.Should().Equal(1.0, 5.0);
    }
}
