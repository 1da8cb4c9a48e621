using System.Text.Json;
using System.Text.Json.Serialization;

namespace Logbook.Server.Web;

/// <summary>
/// A chart as the page embeds it (JSON in a <c>&lt;script type="application/json"&gt;</c> that
/// <c>/assets/dashboard.js</c> hands to Chart.js): a type, the x labels and one or more series.
/// </summary>
internal sealed record ChartSpec
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary><c>bar</c>, <c>line</c> or <c>doughnut</c>.</summary>
    public required string Type { get; init; }

    public required IReadOnlyList<string> Labels { get; init; }

    public required IReadOnlyList<ChartSeries> Series { get; init; }

    /// <summary>Bars of the series stacked on one another.</summary>
    public bool Stacked { get; init; }

    /// <summary>Horizontal bars (long category names).</summary>
    public bool Horizontal { get; init; }

    public string? YTitle { get; init; }

    /// <summary>The title of the second y axis, used by series with <see cref="ChartSeries.Axis"/> <c>y2</c>.</summary>
    public string? Y2Title { get; init; }

    /// <summary>
    /// The JSON for the page. System.Text.Json's default encoder escapes &lt;, &gt; and &amp;, so no label can close the
    /// script element it sits in.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>One series per distinct value of <paramref name="seriesColumn"/> (by name), over the distinct <paramref name="labelColumn"/> values (in row order); a missing pair is a gap.</summary>
    public static (IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series) Pivot(TableData data, string labelColumn, string seriesColumn, string valueColumn, Func<object?, string> label)
    {
        var l = data.Index(labelColumn);
        var s = data.Index(seriesColumn);
        var v = data.Index(valueColumn);
        var labels = data.Rows.Select(r => label(r[l])).Distinct(StringComparer.Ordinal).ToList();
        var position = labels.Select((text, i) => (text, i)).ToDictionary(x => x.text, x => x.i, StringComparer.Ordinal);
        var series = data.Rows
            .GroupBy(r => Html.Display(r[s]), StringComparer.Ordinal)
            // By name: the queries order rows by the label, and the order of series within a label is the engine's choice.
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group =>
            {
                var values = new double?[labels.Count];
                foreach (var row in group)
                {
                    values[position[label(row[l])]] = Html.ChartNumber(row[v]);
                }

                return new ChartSeries(group.Key.Length == 0 ? "(none)" : group.Key, values);
            })
            .ToList();
        return (labels, series);
    }
}

/// <summary>One series of a chart; <see cref="Type"/> mixes a line into a bar chart, <see cref="Axis"/> <c>y2</c> puts it on the right axis.</summary>
internal sealed record ChartSeries(string Label, IReadOnlyList<double?> Values, string? Type = null, string? Axis = null);
