using Logbook.Core.Templates;

namespace Logbook.Core.Tests.Templates;

public sealed class TemplateParserTests
{
    [Fact]
    public void Text_and_expressions_are_split_with_their_positions()
    {
        var nodes = TemplateParser.Parse("select *\nfrom {{ ref('stg_log') }} as l", "models/a.sql");
        nodes.Should().HaveCount(3);
        nodes[0].Should().Be(new TextNode("select *\nfrom ", new TemplatePosition(1, 1)));
        var output = nodes[1].Should().BeOfType<OutputNode>().Subject;
        output.Position.Should().Be(new TemplatePosition(2, 6));
        var call = output.Expression.Should().BeOfType<CallExpression>().Subject;
        call.Function.Should().Be("ref");
        call.Arguments.Should().ContainSingle().Which.Should().Be(new LiteralExpression("stg_log", new TemplatePosition(2, 13)));
        nodes[2].Should().BeOfType<TextNode>().Which.Text.Should().Be(" as l");
    }

    [Fact]
    public void Config_takes_named_arguments_lists_numbers_and_booleans()
    {
        var nodes = TemplateParser.Parse("{{ config(materialized='incremental', unique_key=\"id\", tags=['usage', 'daily'], lookback=3, full=false, x=none) }}", "m.sql");
        var call = (CallExpression)((OutputNode)nodes.Single()).Expression;
        call.Function.Should().Be("config");
        call.Arguments.Should().BeEmpty();
        call.NamedArguments.Select(a => a.Name).Should().Equal("materialized", "unique_key", "tags", "lookback", "full", "x");
        ((LiteralExpression)call.NamedArguments[0].Value).Value.Should().Be("incremental");
        ((ListExpression)call.NamedArguments[2].Value).Items.Select(i => ((LiteralExpression)i).Value).Should().Equal("usage", "daily");
        ((LiteralExpression)call.NamedArguments[3].Value).Value.Should().Be(3m);
        ((LiteralExpression)call.NamedArguments[4].Value).Value.Should().Be(false);
        ((LiteralExpression)call.NamedArguments[5].Value).Value.Should().BeNull();
    }

    [Fact]
    public void If_elif_else_blocks_nest()
    {
        const string text = """
            select 1
            {% if is_incremental() %}
              where t > (select max(t) from {{ this }})
              {% if not var('full', false) %}and x{% endif %}
            {% elif flag %}
              where false
            {% else %}
              -- first build
            {% endif %}
            """;
        var nodes = TemplateParser.Parse(text, "m.sql");
        var block = nodes.OfType<IfNode>().Single();
        block.Branches.Should().HaveCount(2);
        block.Branches[0].Condition.Should().BeOfType<CallExpression>().Which.Function.Should().Be("is_incremental");
        block.Branches[0].Body.OfType<OutputNode>().Single().Expression.Should().BeOfType<NameExpression>().Which.Name.Should().Be("this");
        block.Branches[0].Body.OfType<IfNode>().Single().Branches[0].Condition.Should().BeOfType<NotExpression>();
        block.Branches[1].Condition.Should().BeOfType<NameExpression>().Which.Name.Should().Be("flag");
        block.Else.OfType<TextNode>().Single().Text.Should().Contain("-- first build");
    }

    [Fact]
    public void Comments_are_dropped()
    {
        TemplateParser.Parse("a{# ignore {{ this }} #}b", "m.sql").OfType<TextNode>().Select(t => t.Text).Should().Equal("a", "b");
    }

    [Theory]
    [InlineData("select {{ ref('x' }}", "m.sql:1:19: expected ',' or ')', found '}'")]
    [InlineData("select\n  {{ ref('x') | upper }}", "m.sql:2:15: '|' is not supported")]
    [InlineData("{% for x in y %}", "m.sql:1:4: unknown tag '{% for %}'")]
    [InlineData("{% if a %}\nno end", "m.sql:1:1: '{% if %}' is never closed")]
    [InlineData("x\n{% endif %}", "m.sql:2:1: '{% endif %}' without a matching '{% if %}'")]
    [InlineData("{{ 'open }}", "m.sql:1:4: string literal is never closed")]
    [InlineData("{{ config(a=1, 'b') }}", "m.sql:1:16: a positional argument cannot follow a named one")]
    [InlineData("{# never closed", "m.sql:1:1: comment '{#' is never closed")]
    [InlineData("{{ }}", "m.sql:1:4: unexpected '}' in an expression")]
    public void Syntax_errors_name_file_line_and_column(string text, string message)
    {
        var act = () => TemplateParser.Parse(text, "m.sql");
        act.Should().Throw<TemplateSyntaxException>().WithMessage(message + "*");
    }
}
