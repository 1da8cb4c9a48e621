using Logbook.Core.Configuration;
using YamlDotNet.RepresentationModel;

namespace Logbook.Server.Scheduling;

/// <summary>
/// <c>schedule.yml</c> in the project folder (docs/serve.md), or the shipped schedule: the seed's replication cadences
/// (delta every 5 minutes, a nightly full with a 24 h look-back) when a replication source is configured, model
/// builds by tag at the seed's refresh cadences when the project has models, and the SOC2 connector daily when it
/// has credentials. Errors name file, line and column.
/// </summary>
public static class ScheduleFile
{
    public const string FileName = "schedule.yml";

    public static IReadOnlyList<JobDefinition> Load(string projectDirectory, Func<string, string?> variable)
    {
        var path = Path.Combine(projectDirectory, FileName);
        return File.Exists(path) ? Read(YamlFile.Load(path, variable)) : Shipped(projectDirectory, variable);
    }

    public static IReadOnlyList<JobDefinition> Shipped(string projectDirectory, Func<string, string?> variable)
    {
        var jobs = new List<JobDefinition>();
        if (variable("DATABASE_URL") is { Length: > 0 } || File.Exists(Path.Combine(projectDirectory, "replication.yml")))
        {
            jobs.Add(new JobDefinition("replication-delta", "*/5 * * * *", JobKind.Sync) { Options = Options(("mode", "delta")) });
            jobs.Add(new JobDefinition("replication-nightly-full", "0 9 * * *", JobKind.Sync) { Options = Options(("mode", "full"), ("lookback", "24h")) });
        }

        if (File.Exists(Path.Combine(projectDirectory, LogbookProject.FileName)))
        {
            // The seed's refresh cadences: monitoring every 30 minutes, reporting daily, cost analysis at month-end.
            jobs.Add(new JobDefinition("models-monitoring", "*/30 * * * *", JobKind.Build) { Options = Options(("select", "tag:performance tag:monitoring")) });
            jobs.Add(new JobDefinition("models-daily", "0 6 * * *", JobKind.Build));
            jobs.Add(new JobDefinition("models-month-end", "0 2 1 * *", JobKind.Build) { Options = Options(("select", "tag:usage")) });
        }

        if (variable("FIVETRAN_API_KEY") is { Length: > 0 } || File.Exists(Path.Combine(projectDirectory, "configuration.json")))
        {
            jobs.Add(new JobDefinition("soc2-daily", "0 5 * * *", JobKind.Soc2) { Options = File.Exists(Path.Combine(projectDirectory, "configuration.json")) ? Options(("configuration", "configuration.json")) : Options() });
        }

        return jobs;
    }

    private static IReadOnlyList<JobDefinition> Read(YamlFile file)
    {
        YamlNode? jobsNode = null;
        foreach (var (key, keyNode, value) in file.Entries(file.Root))
        {
            if (key != "jobs")
            {
                throw file.Error(keyNode, $"unknown key '{key}' (expected 'jobs')");
            }

            jobsNode = value;
        }

        if (jobsNode is not YamlSequenceNode sequence)
        {
            throw file.Error(jobsNode ?? file.Root, "'jobs' must be a list of jobs, each with name, cron and one of sync, build, soc2");
        }

        var jobs = new List<JobDefinition>();
        foreach (var node in sequence.Children)
        {
            var job = Job(file, node);
            if (jobs.Any(j => j.Name == job.Name))
            {
                throw file.Error(node, $"two jobs are called '{job.Name}'");
            }

            jobs.Add(job);
        }

        return jobs;
    }

    private static JobDefinition Job(YamlFile file, YamlNode node)
    {
        string? name = null, cron = null;
        YamlNode? cronNode = null;
        JobKind? kind = null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in file.Entries(file.Mapping(node, "a job")))
        {
            switch (key)
            {
                case "name":
                    name = file.RequiredScalar(value, "'name'");
                    break;
                case "cron":
                    cron = file.RequiredScalar(value, "'cron'");
                    cronNode = value;
                    break;
                case "sync" or "build" or "soc2":
                    if (kind is not null)
                    {
                        throw file.Error(keyNode, "a job runs one thing: sync, build or soc2");
                    }

                    kind = key switch { "sync" => JobKind.Sync, "build" => JobKind.Build, _ => JobKind.Soc2 };
                    foreach (var (option, optionNode, optionValue) in file.Entries(file.Mapping(value, $"'{key}'")))
                    {
                        var allowed = key switch { "sync" => new[] { "mode", "lookback", "streams" }, "build" => ["select", "exclude", "full_refresh"], _ => ["configuration"] };
                        if (!allowed.Contains(option))
                        {
                            throw file.Error(optionNode, $"unknown option '{option}' of '{key}' (expected {string.Join(", ", allowed)})");
                        }

                        options[option] = optionValue is YamlSequenceNode list
                            ? string.Join(' ', file.StringList(list, $"'{option}'"))
                            : file.RequiredScalar(optionValue, $"'{option}'");
                    }

                    break;
                default:
                    throw file.Error(keyNode, $"unknown key '{key}' in a job (expected name, cron, and one of sync, build, soc2)");
            }
        }

        if (name is null || cron is null || kind is null)
        {
            throw file.Error(node, "a job needs 'name', 'cron' and one of sync, build, soc2");
        }

        if (JobDefinition.Parse(cron) is null)
        {
            throw file.Error(cronNode!, $"job '{name}': '{cron}' is not a cron expression (minute hour day-of-month month day-of-week, optionally seconds first), for example */5 * * * *");
        }

        if (kind == JobKind.Sync && options.TryGetValue("mode", out var mode) && mode is not ("delta" or "full"))
        {
            throw file.Error(node, $"job '{name}': sync mode must be delta or full, not '{mode}'");
        }

        return new JobDefinition(name, cron, kind.Value) { Options = options };
    }

    private static Dictionary<string, string> Options(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
