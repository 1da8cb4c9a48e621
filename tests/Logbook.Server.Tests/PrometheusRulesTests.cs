using System.Globalization;
using System.Text.RegularExpressions;
using Logbook.Server.Alerts;
using Logbook.Server.Health;
using YamlDotNet.RepresentationModel;

namespace Logbook.Server.Tests;

/// <summary>
/// <c>deploy/prometheus/logbook-alerts.yml</c>: promtool accepts it and its unit tests pass, and its alerts are
/// AlertEvaluator's, with the thresholds of <see cref="SyncThresholds"/>, so the two cannot drift apart.
/// </summary>
public sealed class PrometheusRulesTests
{
    [Fact]
    public void Promtool_check_rules_accepts_the_rules_file()
    {
        var run = Promtool.Run(null, "check", "rules", Promtool.RulesFile);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain("SUCCESS: 4 rules found", run.ToString());
    }

    [Fact]
    public void Promtool_test_rules_passes_the_rules_unit_tests()
    {
        var run = Promtool.Run(null, "test", "rules", Promtool.RulesTestFile);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain("SUCCESS", run.ToString()).And.NotContain("FAILED");
    }

    [Fact]
    public void The_alerts_are_AlertEvaluators_three_plus_LogbookDown_each_with_severity_for_and_annotations()
    {
        var rules = Rules();

        rules.Keys.Should().BeEquivalentTo(AlertEvaluator.NoRecentSuccess, AlertEvaluator.ConsecutiveFailures, AlertEvaluator.HighLatency, "LogbookDown");
        foreach (var (name, rule) in rules)
        {
            Labels(rule).Should().ContainKey("severity", name).WhoseValue.Should().BeOneOf("warning", "critical");
            Scalar(rule, "for").Should().MatchRegex("^[0-9]+[smh]$", $"{name} waits a stated time before firing");
            var annotations = Map(rule, "annotations");
            annotations.Keys.Should().BeEquivalentTo(["summary", "description"], name);
            if (name != "LogbookDown")
            {
                annotations["summary"].Should().Contain("{{ $labels.stream }}", $"{name} names the stream");
                annotations["description"].Should().Contain("{{ $labels.stream }}", $"{name} names the stream").And.Contain("$value", $"{name} gives the value");
            }
        }

        Scalar(rules["LogbookDown"], "expr").Trim().Should().Be("absent(logbook_up)");
    }

    [Fact]
    public void The_thresholds_are_SyncThresholds()
    {
        var rules = Rules();

        var noSuccess = Threshold(rules[AlertEvaluator.NoRecentSuccess], @"time\(\)\s*-\s*logbook_sync_last_success_timestamp_seconds\s*>\s*([0-9.]+)");
        noSuccess.Should().Be(SyncThresholds.NoSuccessWithin.TotalSeconds);
        var failures = Threshold(rules[AlertEvaluator.ConsecutiveFailures], @"^logbook_sync_consecutive_failures\s*>\s*([0-9.]+)$");
        failures.Should().Be(SyncThresholds.MaxConsecutiveFailures);
        var latency = Threshold(rules[AlertEvaluator.HighLatency], @"^logbook_sync_latency_seconds\s*>\s*([0-9.]+)$");
        latency.Should().Be(SyncThresholds.MaxLatencySeconds);

        // The thresholds the descriptions state are the same numbers.
        Description(AlertEvaluator.NoRecentSuccess).Should().Contain($"threshold: {SyncThresholds.NoSuccessWithin.TotalMinutes.ToString(CultureInfo.InvariantCulture)}m");
        Description(AlertEvaluator.ConsecutiveFailures).Should().Contain($"threshold: more than {SyncThresholds.MaxConsecutiveFailures.ToString(CultureInfo.InvariantCulture)}");
        Description(AlertEvaluator.HighLatency).Should().Contain($"threshold: {SyncThresholds.MaxLatencySeconds.ToString(CultureInfo.InvariantCulture)} s");

        string Description(string alert) => Map(rules[alert], "annotations")["description"];
    }

    /// <summary>The number compared with <c>&gt;</c> (strictly over, as AlertEvaluator) in the rule's expression.</summary>
    private static double Threshold(YamlMappingNode rule, string pattern)
    {
        var expr = Scalar(rule, "expr").Trim();
        var match = Regex.Match(expr, pattern, RegexOptions.Multiline);
        match.Success.Should().BeTrue($"the expression '{expr}' compares with '>' as /{pattern}/");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The alerting rules of every group, by alert name.</summary>
    internal static Dictionary<string, YamlMappingNode> Rules()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Promtool.RepoRoot, Promtool.RulesFile)))
        {
            yaml.Load(reader);
        }

        var rules = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        foreach (var group in ((YamlSequenceNode)root.Children[new YamlScalarNode("groups")]).Children.Cast<YamlMappingNode>())
        {
            foreach (var rule in ((YamlSequenceNode)group.Children[new YamlScalarNode("rules")]).Children.Cast<YamlMappingNode>())
            {
                rules.Add(Scalar(rule, "alert"), rule);
            }
        }

        return rules;
    }

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { } text }
            ? text
            : throw new InvalidOperationException($"no '{key}' in {node}");

    private static Dictionary<string, string> Map(YamlMappingNode node, string key) =>
        ((YamlMappingNode)node.Children[new YamlScalarNode(key)]).Children
            .ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value!, StringComparer.Ordinal);

    private static Dictionary<string, string> Labels(YamlMappingNode rule) => Map(rule, "labels");
}
