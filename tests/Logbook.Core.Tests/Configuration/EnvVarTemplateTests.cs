using Logbook.Core.Configuration;

namespace Logbook.Core.Tests.Configuration;

public sealed class EnvVarTemplateTests
{
    private static readonly Dictionary<string, string> s_variables = new() { ["DB_PATH"] = "/data/prod.duckdb", ["EMPTY"] = string.Empty };

    private static string Render(string text) =>
        EnvVarTemplate.Render(text, "profiles.yml", name => s_variables.TryGetValue(name, out var value) ? value : null);

    [Fact]
    public void Env_var_is_replaced_by_the_variable_value()
    {
        Render("path: \"{{ env_var('DB_PATH') }}\"\n").Should().Be("path: \"/data/prod.duckdb\"\n");
    }

    [Fact]
    public void Double_quotes_and_spacing_variants_are_accepted()
    {
        Render("path: {{env_var(\"DB_PATH\")}}").Should().Be("path: /data/prod.duckdb");
    }

    [Fact]
    public void Default_is_used_only_when_the_variable_is_missing()
    {
        Render("a: {{ env_var('NOPE', 'fallback.duckdb') }}, b: {{ env_var('DB_PATH', 'unused') }}")
            .Should().Be("a: fallback.duckdb, b: /data/prod.duckdb");
    }

    [Fact]
    public void A_variable_set_to_empty_counts_as_set()
    {
        Render("x: '{{ env_var('EMPTY', 'default') }}'").Should().Be("x: ''");
    }

    [Fact]
    public void Missing_variable_without_default_names_the_file_line_column_and_variable()
    {
        var act = () => Render("dev:\n  target: dev\n  password: \"{{ env_var('SECRET_PASSWORD') }}\"\n");

        var error = act.Should().Throw<LogbookConfigurationException>().Which;
        error.File.Should().Be("profiles.yml");
        error.Line.Should().Be(3);
        error.Column.Should().Be(14);
        error.Message.Should().StartWith("profiles.yml:3:14: ").And.Contain("SECRET_PASSWORD");
    }

    [Fact]
    public void Any_other_expression_is_an_error_naming_file_line_and_column()
    {
        var act = () => Render("name: demo\nversion: {{ project_version }}\n");

        var error = act.Should().Throw<LogbookConfigurationException>().Which;
        error.Message.Should().StartWith("profiles.yml:2:10: ").And.Contain("project_version").And.Contain("env_var");
        (error.Line, error.Column).Should().Be((2, 10));
    }

    [Fact]
    public void Filters_are_not_supported()
    {
        var act = () => Render("threads: {{ env_var('THREADS', '4') | int }}");

        act.Should().Throw<LogbookConfigurationException>().WithMessage("profiles.yml:1:10: unsupported expression*");
    }

    [Fact]
    public void Unclosed_braces_are_an_error()
    {
        var act = () => Render("a: 1\nb: {{ env_var('DB_PATH')\n");

        act.Should().Throw<LogbookConfigurationException>().WithMessage("profiles.yml:2:4: *not closed*");
    }

    [Fact]
    public void Comment_lines_are_left_alone()
    {
        Render("# path: {{ env_var('NOT_SET') }}\npath: x\n").Should().Be("# path: {{ env_var('NOT_SET') }}\npath: x\n");
    }
}
