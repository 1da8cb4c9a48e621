using NCrontab;

namespace Logbook.Server.Scheduling;

/// <summary>What a scheduled job does.</summary>
public enum JobKind
{
    /// <summary><c>logbook sync ai-audit-logs</c> with the job's mode, look-back and streams.</summary>
    Sync,

    /// <summary><c>logbook build --select ...</c> of the project's models.</summary>
    Build,

    /// <summary><c>logbook connector soc2</c> with the job's configuration file.</summary>
    Soc2,
}

/// <summary>
/// One scheduled job: a name, a cron expression (UTC, parsed by NCrontab: five fields, or six with seconds first,
/// as <c>*/10 * * * * *</c>) and what it runs. Options by
/// kind: sync <c>mode</c>, <c>lookback</c>, <c>streams</c>; build <c>select</c>, <c>exclude</c>, <c>full_refresh</c>;
/// soc2 <c>configuration</c>.
/// </summary>
public sealed record JobDefinition(string Name, string Cron, JobKind Kind)
{
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public CrontabSchedule Schedule { get; } = Parse(Cron) ?? throw new ArgumentException($"'{Cron}' is not a cron expression (minute hour day-of-month month day-of-week, optionally seconds first)", nameof(Cron));

    /// <summary>Five fields, or six with seconds first; null when invalid.</summary>
    public static CrontabSchedule? Parse(string cron) =>
        CrontabSchedule.TryParse(cron, new CrontabSchedule.ParseOptions { IncludingSeconds = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 });

    public string? Option(string key) => Options.TryGetValue(key, out var value) ? value : null;

    /// <summary>The first occurrence strictly after <paramref name="after"/> (UTC).</summary>
    public DateTime NextAfter(DateTime after) => DateTime.SpecifyKind(Schedule.GetNextOccurrence(DateTime.SpecifyKind(after, DateTimeKind.Unspecified)), DateTimeKind.Utc);

    /// <summary>A one-line description, as <c>logbook jobs</c> shows it.</summary>
    public string Describe() => Kind switch
    {
        JobKind.Sync => $"sync ai-audit-logs --mode={Option("mode") ?? "delta"}{(Option("lookback") is { } l ? $" --lookback={l}" : string.Empty)}{(Option("streams") is { } s ? $" --stream {s}" : string.Empty)}",
        JobKind.Build => $"build{(Option("select") is { } select ? $" --select {select}" : string.Empty)}{(Option("exclude") is { } exclude ? $" --exclude {exclude}" : string.Empty)}{(Option("full_refresh") == "true" ? " --full-refresh" : string.Empty)}",
        _ => $"connector soc2{(Option("configuration") is { } c ? $" --configuration {c}" : string.Empty)}",
    };
}
