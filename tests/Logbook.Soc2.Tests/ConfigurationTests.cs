using Logbook.Core.Configuration;
using Logbook.Soc2.Configuration;

namespace Logbook.Soc2.Tests;

/// <summary>Seed 002's configuration.json: strings only, environment fallbacks, one clear error per problem, warnings.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConfigurationTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<string> _warnings = [];
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public void Dispose() => _folder.Dispose();

    private string File(string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = _folder.Write("configuration.json", text);
        System.IO.File.SetUnixFileMode(path, mode);
        return path;
    }

    private Crawl.Soc2ConnectorOptions Load(string? path) => Soc2Configuration.Load(path, name => _environment.GetValueOrDefault(name), _warnings.Add);

    [Fact]
    public void The_seeds_file_gives_the_documented_defaults()
    {
        var options = Load(File("""{ "api_key": "key", "api_secret": "secret", "debug_mode": "false" }"""));

        options.Api.ApiKey.Should().Be("key");
        options.Api.ApiSecret.Should().Be("secret");
        options.Api.BaseUrl.Should().Be("https://api.fivetran.com/v1");
        options.Api.RequestTimeout.Should().Be(TimeSpan.FromSeconds(30));
        options.Api.MaxRetries.Should().Be(3);
        options.Api.MaxConcurrency.Should().Be(4);
        options.Api.PageSize.Should().Be(1000);
        options.DebugMode.Should().BeFalse();
        options.Schema.Should().Be("soc2");
        options.CheckpointInterval.Should().Be(100);
        options.Rules.StaleAfter.Should().Be(TimeSpan.FromDays(90));
        options.Rules.IsPrivileged("Account Administrator").Should().BeTrue();
        _warnings.Should().BeEmpty();
    }

    [Fact]
    public void Optional_settings_are_read_as_strings_and_debug_mode_true_turns_debug_on()
    {
        var options = Load(File("""
            {"api_key":"k","api_secret":"s","debug_mode":"TRUE","base_url":"http://127.0.0.1:9/v1","schema":"audit_soc2",
             "stale_after_days":"30","privileged_roles":"Account Administrator, Billing Boss","max_concurrency":"2",
             "request_timeout_seconds":"5","max_retries":"1","retry_after_cap_seconds":"60","checkpoint_interval":"25"}
            """));

        options.DebugMode.Should().BeTrue();
        options.Api.BaseUrl.Should().Be("http://127.0.0.1:9/v1");
        options.Schema.Should().Be("audit_soc2");
        options.Rules.StaleAfter.Should().Be(TimeSpan.FromDays(30));
        options.Rules.IsPrivileged("billing boss").Should().BeTrue();
        options.Api.MaxConcurrency.Should().Be(2);
        options.Api.RequestTimeout.Should().Be(TimeSpan.FromSeconds(5));
        options.Api.MaxRetries.Should().Be(1);
        options.Api.RetryAfterCap.Should().Be(TimeSpan.FromMinutes(1));
        options.CheckpointInterval.Should().Be(25);
    }

    [Fact]
    public void Environment_variables_fill_in_the_credentials_the_file_leaves_out()
    {
        _environment["FIVETRAN_API_KEY"] = "env-key";
        _environment["FIVETRAN_API_SECRET"] = "env-secret";

        Load(null).Api.ApiSecret.Should().Be("env-secret");
        var fromFile = Load(File("""{"api_key":"file-key","debug_mode":"false"}"""));
        fromFile.Api.ApiKey.Should().Be("file-key", "the file wins where it has the key");
        fromFile.Api.ApiSecret.Should().Be("env-secret");
    }

    [Theory]
    [InlineData("""{"api_secret":"s"}""", "configuration.json:1:1: 'api_key' is missing")]
    [InlineData("{\n  \"api_key\": \"k\",\n  \"api_secret\": \"s\",\n  \"debug_mode\": \"yes\"\n}", "configuration.json:4:3: 'debug_mode' must be \"true\" or \"false\", not 'yes'")]
    [InlineData("{\"api_key\": \"k\",\n \"api_secret\": \"s\",\n \"max_retries\": \"-1\"}", "configuration.json:3:2: 'max_retries' must be a whole number from 0 to 20, not '-1'")]
    [InlineData("{\"api_key\": \"k\", \"api_secret\": \"s\",\n \"base_url\": \"ftp://x\"}", "configuration.json:2:2: 'base_url' must be an http(s) URL")]
    [InlineData("{\"api_key\": \"k\",\n \"api_secret\": [\"s\"]}", "configuration.json:2:2: 'api_secret' must be a string")]
    [InlineData("{\"api_key\": \"k\",\n \"api_secret\": \"s\"", "configuration.json:2:")]
    [InlineData("[]", "configuration.json:1:1: the configuration must be a JSON object")]
    [InlineData("{\"api_key\": \"k\", \"api_secret\": \"s\",\n \"api_key\": \"k2\"}", "configuration.json:2:2: 'api_key' is set twice")]
    public void A_bad_configuration_is_one_error_naming_the_file_line_and_field(string text, string expected)
    {
        var path = File(text);

        var error = FluentActions.Invoking(() => Load(path)).Should().Throw<LogbookConfigurationException>().Which;

        error.Message.Should().Contain(expected);
        error.Message.Should().StartWith(path);
        error.Message.Should().NotContain("\n");
    }

    [Fact]
    public void A_missing_file_and_missing_credentials_are_clear_errors()
    {
        FluentActions.Invoking(() => Load(Path.Combine(_folder.Path, "nope.json"))).Should().Throw<LogbookConfigurationException>()
            .WithMessage("*nope.json' does not exist*");
        FluentActions.Invoking(() => Load(null)).Should().Throw<LogbookConfigurationException>()
            .WithMessage("*'api_key' is missing and FIVETRAN_API_KEY is not set*");
    }

    [Fact]
    public void A_file_readable_by_group_or_others_and_unknown_keys_get_warnings_that_never_show_the_secret()
    {
        Load(File("""{"api_key":"k","api_secret":"hunter2","debug_mode":"false","deubg_mode":"true"}""", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead));

        _warnings.Should().HaveCount(2);
        _warnings.Should().Contain(w => w.Contains("readable by others", StringComparison.Ordinal) && w.Contains("chmod 600", StringComparison.Ordinal));
        _warnings.Should().Contain(w => w.Contains("configuration.json:1:", StringComparison.Ordinal) && w.Contains("unknown setting 'deubg_mode'", StringComparison.Ordinal));
        _warnings.Should().NotContain(w => w.Contains("hunter2", StringComparison.Ordinal));

        _warnings.Clear();
        Load(File("""{"api_key":"k","api_secret":"s"}""", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead));
        _warnings.Should().ContainSingle().Which.Should().Contain("readable by its group");

        _warnings.Clear();
        Load(File("""{"api_key":"k","api_secret":"s","base_url":"http://fivetran.example.com/v1"}"""));
        _warnings.Should().ContainSingle().Which.Should().Contain("configuration.json:1:").And.Contain("plain http");
    }
}
