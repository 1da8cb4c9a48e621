using Logbook.Core.Templates;

namespace Logbook.Core.Tests.Templates;

public sealed class TemplateRendererTests
{
    private sealed class FakeContext : ITemplateContext
    {
        public ISqlDialect Dialect => SqlDialects.DuckDb;

        public bool IsIncremental { get; set; }

        public string This => "\"analytics\".\"fct_x\"";

        public Dictionary<string, object?> Configured { get; } = [];

        public List<string> Steps { get; } = [];

        public string Ref(string model) => model == "missing" ? throw new InvalidOperationException("unknown model") : $"\"analytics\".\"{model}\"";

        public string Source(string source, string table) => $"\"{source}\".\"{table}\"";

        public string FilledSource(string source, string table) => $"(select * from \"{source}\".\"{table}\")";

        public object? Var(string name, object? defaultValue, bool hasDefault) => name == "lookback_days" ? 3m : defaultValue;

        public string EnvVar(string name, string? defaultValue) => defaultValue ?? "from-env";

        public void Config(IReadOnlyDictionary<string, object?> settings)
        {
            foreach (var (key, value) in settings)
            {
                Configured[key] = value;
            }
        }

        public void LogStepEvent(string step, string? message, string status, int? sequence) => Steps.Add($"{sequence}:{step}:{status}:{message}");
    }

    private static string Render(string text, FakeContext? context = null) =>
        TemplateRenderer.Render(TemplateParser.Parse(text, "models/m.sql"), "models/m.sql", context ?? new FakeContext());

    [Fact]
    public void Refs_sources_vars_and_this_resolve_through_the_context()
    {
        Render("select * from {{ ref('stg_log') }} join {{ source('fivetran_log', 'log') }} where d > {{ var('lookback_days', 1) }} and e = '{{ var('other', 'x') }}' -- {{ this }}")
            .Should().Be("select * from \"analytics\".\"stg_log\" join \"fivetran_log\".\"log\" where d > 3 and e = 'x' -- \"analytics\".\"fct_x\"");
    }

    [Fact]
    public void Config_and_step_events_are_recorded_and_render_as_nothing()
    {
        var context = new FakeContext();
        Render("{{ config(materialized='incremental', unique_key='id', tags=['usage']) }}{{ log_step_event('prep', message='go', step_sequence_num=1) }}select 1", context)
            .Should().Be("select 1");
        context.Configured["materialized"].Should().Be("incremental");
        context.Configured["tags"].Should().BeEquivalentTo(new[] { "usage" });
        context.Steps.Should().Equal("1:prep:info:go");
    }

    [Fact]
    public void Is_incremental_chooses_the_branch()
    {
        const string text = "select 1{% if is_incremental() %} where t > (select max(t) from {{ this }}){% else %} -- full{% endif %}";
        Render(text).Should().Be("select 1 -- full");
        Render(text, new FakeContext { IsIncremental = true }).Should().Be("select 1 where t > (select max(t) from \"analytics\".\"fct_x\")");
    }

    [Theory]
    [InlineData("{{ run_query('x') }}", "models/m.sql:1:4: unknown function 'run_query()'")]
    [InlineData("{{ target }}", "models/m.sql:1:4: unknown name 'target'")]
    [InlineData("{{ ref('a', 'b') }}", "models/m.sql:1:4: ref() takes 1 argument(s), got 2")]
    [InlineData("{{ ref(1) }}", "models/m.sql:1:4: ref() expects text here, got a number")]
    [InlineData("{{ config('table') }}", "models/m.sql:1:4: config() takes only named arguments")]
    [InlineData("{{ date_trunc('fortnight', 'ts') }}", "models/m.sql:1:4: date_trunc(): unknown date part 'fortnight'")]
    [InlineData("{{ ['a'] }}", "models/m.sql:1:4: a list cannot be written into SQL")]
    public void Anything_outside_the_language_names_file_line_and_column(string text, string message)
    {
        var act = () => Render(text);
        act.Should().Throw<TemplateSyntaxException>().WithMessage(message + "*");
    }
}
