using Logbook.Core.Configuration;
using Logbook.Core.Warehouses;

namespace Logbook.Core.Tests.Configuration;

public sealed class ConfigurationLoaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private LogbookConfiguration Load(string? projectDir = null, string? profilesDir = null, string? target = null) =>
        ConfigurationLoader.Load(projectDir ?? _temp.Path, profilesDir, target, _temp.Environment);

    private static string Profiles(string profile, string path) => $"""
        {profile}:
          target: dev
          outputs:
            dev:
              type: duckdb
              path: {path}
              threads: 4
              schema: main
        """;

    [Fact]
    public void Project_file_values_and_defaults_are_read()
    {
        _temp.Write("logbook.yml", """
            name: audit
            version: "1.2"
            model-paths: [models, more_models]
            vars:
              start_date: 2024-01-01
              limit: 10
              enabled: true
              nested: { a: [1, 2] }
            """);

        var project = Load().Project;

        project.Name.Should().Be("audit");
        project.Version.Should().Be("1.2");
        project.Profile.Should().Be("audit");
        project.ModelPaths.Should().Equal("models", "more_models");
        project.TestPaths.Should().Equal("tests");
        project.TargetPath.Should().Be("target");
        project.ProjectFile.Should().Be(Path.Combine(_temp.Path, "logbook.yml"));
        project.Vars["start_date"].Should().Be("2024-01-01");
        project.Vars["limit"].Should().Be(10L);
        project.Vars["enabled"].Should().Be(true);
        project.Vars["nested"].Should().BeAssignableTo<IDictionary<string, object?>>();
    }

    [Fact]
    public void Profile_defaults_to_the_project_name_and_can_be_set()
    {
        _temp.Write("logbook.yml", "name: audit\nprofile: shared\n");

        Load().Project.Profile.Should().Be("shared");
    }

    [Fact]
    public void Missing_name_is_an_error_naming_the_file()
    {
        var file = _temp.Write("logbook.yml", "version: 1\n");

        var act = () => Load();

        act.Should().Throw<LogbookConfigurationException>().WithMessage($"{file}:1:1: 'name' is required*");
    }

    [Fact]
    public void Unknown_project_key_is_an_error_with_its_position()
    {
        var file = _temp.Write("logbook.yml", "name: audit\nmodel_paths: [models]\n");

        var act = () => Load();

        act.Should().Throw<LogbookConfigurationException>().WithMessage($"{file}:2:1: unknown key 'model_paths'*");
    }

    [Fact]
    public void Invalid_yaml_error_names_the_file_and_line()
    {
        var file = _temp.Write("logbook.yml", "name: audit\nvars:\n  a: [1, 2\nversion: 3\n");

        var act = () => Load();

        var error = act.Should().Throw<LogbookConfigurationException>().Which;
        error.File.Should().Be(file);
        error.Line.Should().BeGreaterThanOrEqualTo(3);
        error.Message.Should().StartWith($"{file}:{error.Line}:{error.Column}: invalid YAML: ");
        error.Message.Should().NotContain("\n").And.NotContain("Idx:");
    }

    [Fact]
    public void Env_var_in_profiles_is_substituted_before_parsing()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        _temp.Write("profiles.yml", Profiles("audit", "\"{{ env_var('AUDIT_DB') }}\""));
        _temp.Variables["AUDIT_DB"] = "/srv/audit.duckdb";

        var target = Load().Target;

        target.Name.Should().Be("dev");
        target.Type.Should().Be(WarehouseKind.DuckDb);
        target.Settings.Should().Contain("path", "/srv/audit.duckdb").And.Contain("threads", "4").And.Contain("schema", "main");
    }

    [Fact]
    public void Env_var_default_is_used_when_the_variable_is_not_set()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        _temp.Write("profiles.yml", Profiles("audit", "\"{{ env_var('AUDIT_DB', 'local.duckdb') }}\""));

        Load().Target.Get("path").Should().Be("local.duckdb");
    }

    [Fact]
    public void Missing_env_var_names_the_file_and_line()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        var file = _temp.Write("profiles.yml", Profiles("audit", "\"{{ env_var('AUDIT_DB') }}\""));

        var act = () => Load();

        var error = act.Should().Throw<LogbookConfigurationException>().Which;
        (error.File, error.Line).Should().Be((file, 6));
        error.Message.Should().StartWith($"{file}:6:").And.Contain("'AUDIT_DB'");
    }

    [Fact]
    public void Env_var_works_in_the_project_file_too()
    {
        _temp.Write("logbook.yml", "name: \"{{ env_var('PROJECT_NAME', 'fallback') }}\"\n");

        Load().Project.Name.Should().Be("fallback");
    }

    [Fact]
    public void Unknown_expression_in_the_project_file_names_file_line_and_column()
    {
        var file = _temp.Write("logbook.yml", "name: audit\nversion: '{{ var(\"x\") }}'\n");

        var act = () => Load();

        act.Should().Throw<LogbookConfigurationException>().WithMessage($"{file}:2:11: unsupported expression*");
    }

    [Fact]
    public void Default_target_when_no_profiles_file_exists()
    {
        _temp.Write("logbook.yml", "name: audit\n");

        var resolution = Load().Resolution;

        resolution.IsDefault.Should().BeTrue();
        resolution.ProfilesFile.Should().BeNull();
        resolution.Target.Name.Should().Be("default");
        resolution.Target.Type.Should().Be(WarehouseKind.DuckDb);
        resolution.Target.Get("path").Should().Be("warehouse.duckdb");
    }

    [Fact]
    public void Default_target_when_the_profiles_file_has_no_matching_profile()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        var file = _temp.Write("profiles.yml", Profiles("other_project", "other.duckdb"));

        var resolution = Load().Resolution;

        resolution.IsDefault.Should().BeTrue();
        resolution.ProfilesFile.Should().Be(file);
        resolution.DefaultReason.Should().Contain("'audit'");
    }

    [Fact]
    public void Default_target_without_a_project_file()
    {
        _temp.Write("profiles.yml", Profiles("audit", "x.duckdb"));

        var configuration = Load();

        configuration.Project.HasProjectFile.Should().BeFalse();
        configuration.Project.Directory.Should().Be(_temp.Path);
        configuration.Resolution.IsDefault.Should().BeTrue();
    }

    [Fact]
    public void Project_dir_defaults_to_the_current_directory()
    {
        _temp.Write("logbook.yml", "name: audit\n");

        ConfigurationLoader.Load(projectDirectory: null, null, null, _temp.Environment).Project.Name.Should().Be("audit");
    }

    [Fact]
    public void Profiles_dir_option_wins_over_the_variable_the_project_folder_and_home()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        _temp.Write("profiles.yml", Profiles("audit", "project.duckdb"));
        _temp.Write("home/.logbook/profiles.yml", Profiles("audit", "home.duckdb"));
        _temp.Write("from-env/profiles.yml", Profiles("audit", "env.duckdb"));
        _temp.Write("from-option/profiles.yml", Profiles("audit", "option.duckdb"));
        _temp.Variables[ConfigurationEnvironment.ProfilesDirVariable] = Path.Combine(_temp.Path, "from-env");

        Load(profilesDir: Path.Combine(_temp.Path, "from-option")).Target.Get("path").Should().Be("option.duckdb");
        Load().Target.Get("path").Should().Be("env.duckdb");
        _temp.Variables.Clear();
        Load().Target.Get("path").Should().Be("project.duckdb");
        File.Delete(Path.Combine(_temp.Path, "profiles.yml"));
        Load().Target.Get("path").Should().Be("home.duckdb");
        Load().Resolution.ProfilesFileSource.Should().Be("~/.logbook");
    }

    [Fact]
    public void Relative_profiles_dir_is_resolved_against_the_current_directory()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        _temp.Write("config/profiles.yml", Profiles("audit", "option.duckdb"));

        Load(profilesDir: "config").Resolution.ProfilesFile.Should().Be(Path.Combine(_temp.Path, "config", "profiles.yml"));
    }

    [Fact]
    public void Profiles_dir_without_a_profiles_file_is_an_error()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        var empty = _temp.Folder("empty");

        var act = () => Load(profilesDir: empty);

        act.Should().Throw<LogbookConfigurationException>().WithMessage($"no profiles.yml in {empty} (given by --profiles-dir)");
    }

    [Fact]
    public void Target_option_selects_another_output()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        _temp.Write("profiles.yml", """
            audit:
              target: dev
              outputs:
                dev: { type: duckdb, path: dev.duckdb }
                prod: { type: duckdb, path: prod.duckdb, read_only: true }
            """);

        var target = Load(target: "prod").Target;

        target.Name.Should().Be("prod");
        target.Settings.Should().Contain("read_only", "true");
    }

    [Fact]
    public void Unknown_target_lists_the_available_outputs()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        var file = _temp.Write("profiles.yml", Profiles("audit", "dev.duckdb"));

        var act = () => Load(target: "staging");

        act.Should().Throw<LogbookConfigurationException>().WithMessage($"{file}:*: profile 'audit' has no output 'staging' (available: dev)");
    }

    [Fact]
    public void Target_option_without_a_profile_is_an_error()
    {
        _temp.Write("logbook.yml", "name: audit\n");

        var act = () => Load(target: "prod");

        act.Should().Throw<LogbookConfigurationException>().WithMessage("cannot select target 'prod': no profiles.yml found");
    }

    [Fact]
    public void Unknown_type_names_the_file_line_and_column_of_the_type()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        var file = _temp.Write("profiles.yml", """
            audit:
              target: dev
              outputs:
                dev:
                  type: snowflake
            """);

        var act = () => Load();

        act.Should().Throw<LogbookConfigurationException>()
            .WithMessage($"{file}:5:13: unknown warehouse type 'snowflake' in output 'dev' (known types: duckdb, postgres)");
    }

    [Fact]
    public void Postgres_type_is_recognised()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        _temp.Write("profiles.yml", "audit:\n  target: pg\n  outputs:\n    pg: { type: postgres, host: localhost, password: \"{{ env_var('PGPASSWORD', 'x') }}\" }\n");

        Load().Target.Type.Should().Be(WarehouseKind.Postgres);
    }

    [Fact]
    public void Setting_positions_are_kept_for_error_messages()
    {
        _temp.Write("logbook.yml", "name: audit\n");
        var file = _temp.Write("profiles.yml", Profiles("audit", "dev.duckdb"));

        Load().Target.Locate("threads").Should().Be(new SourceLocation(file, 7, 16));
    }

    [Fact]
    public void Missing_project_folder_is_an_error()
    {
        var missing = Path.Combine(_temp.Path, "nope");

        var act = () => Load(projectDir: missing);

        act.Should().Throw<LogbookConfigurationException>().WithMessage($"the project folder {missing} does not exist");
    }
}
