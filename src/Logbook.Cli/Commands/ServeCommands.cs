using System.CommandLine;
using System.Globalization;
using Logbook.Core.Configuration;
using Logbook.Hosting;
using Logbook.Server;
using Logbook.Server.Scheduling;

namespace Logbook.Cli.Commands;

/// <summary>
/// <c>logbook serve</c> (the scheduler, health, metrics, alerts and dashboard on Kestrel), <c>logbook jobs</c> (the
/// schedule with next and last runs) and <c>logbook run-job NAME</c> (one job now, recorded like a scheduled run).
/// </summary>
internal static class ServeCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Serve(context);
        yield return Jobs(context);
        yield return RunJob(context);
    }

    private static Command Serve(CliContext context)
    {
        var urls = new Option<string>("--urls") { Description = $"Where to listen (default {ServerOptions.DefaultUrls}); beyond loopback needs {ServerOptions.TokenVariable}", DefaultValueFactory = _ => ServerOptions.DefaultUrls, HelpName = "urls" };
        var noScheduler = new Option<bool>("--no-scheduler") { Description = "Serve the endpoints and pages only; run no scheduled jobs" };
        var alertInterval = new Option<string>("--alert-interval") { Description = "How often to evaluate the alerts (default 30s)", DefaultValueFactory = _ => "30s", HelpName = "duration" };
        var warehouse = new WarehouseOptions();
        var command = new Command("serve", "Run the scheduler, the health and metrics endpoints, alerts and the dashboard (docs/serve.md)") { urls, noScheduler, alertInterval };
        warehouse.AddTo(command);
        command.SetAction(parse =>
        {
            var options = new ServerOptions
            {
                Urls = parse.GetValue(urls)!,
                Token = context.Environment.GetVariable(ServerOptions.TokenVariable) is { Length: > 0 } token ? token : null,
                Webhook = context.Environment.GetVariable(ServerOptions.WebhookVariable) is { Length: > 0 } hook
                    ? (Uri.TryCreate(hook, UriKind.Absolute, out var uri) ? uri : throw new LogbookConfigurationException($"{ServerOptions.WebhookVariable} is not a URL"))
                    : null,
                AlertInterval = Logbook.Replication.Durations.Parse(parse.GetValue(alertInterval)!) ?? throw new LogbookConfigurationException("--alert-interval must be a duration such as 30s"),
                RunScheduler = !parse.GetValue(noScheduler),
            };
            var hostOptions = warehouse.Read(parse);
            var host = LogbookHost.Load(hostOptions, context.Environment);
            LogbookServer server;
            try
            {
                server = LogbookServer.Create(host, context.Environment, hostOptions.ProfilesDirectory, options, message => context.Error.WriteLine($"warning: {message}"));
            }
            catch (ArgumentException e)
            {
                throw new LogbookConfigurationException(e.Message);
            }

            using var signals = new SignalCancellation();
            server.StartAsync().GetAwaiter().GetResult();
            context.Out.WriteLine($"Logbook serving {host.Warehouse.Description} on {string.Join(", ", server.Addresses)}; {server.Scheduler.Jobs.Count} scheduled job(s){(options.RunScheduler ? string.Empty : " (scheduler off)")}. Ctrl+C stops.");
            try
            {
                Task.Delay(Timeout.Infinite, signals.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
            }

            context.Out.WriteLine("Stopping: waiting for running jobs...");
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Jobs(CliContext context)
    {
        var warehouse = new WarehouseOptions();
        var command = new Command("jobs", "List the scheduled jobs (schedule.yml or the shipped schedule) with their next and last runs");
        warehouse.AddTo(command);
        command.SetAction(parse =>
        {
            var host = LogbookHost.Load(warehouse.Read(parse), context.Environment);
            var jobs = ScheduleFile.Load(host.Project.Directory, context.Environment.GetVariable);
            var last = new JobRunStore(host.Warehouse, warn: m => context.Error.WriteLine($"warning: {m}")).LastRuns().ToDictionary(r => r.Job);
            if (jobs.Count == 0)
            {
                context.Out.WriteLine($"No scheduled jobs: add {ScheduleFile.FileName} (docs/serve.md), or a replication source, models or SOC2 credentials for the shipped schedule.");
                return ExitCodes.Success;
            }

            var now = DateTime.UtcNow;
            foreach (var job in jobs)
            {
                var run = last.GetValueOrDefault(job.Name);
                var lastText = run is null ? "never run" : string.Create(CultureInfo.InvariantCulture, $"last {run.Status} at {run.StartedAt:yyyy-MM-dd HH:mm:ss}Z{(run.DurationSeconds is { } d ? $" ({d:0.0} s)" : string.Empty)}{(run.Message is { } m ? $": {m}" : string.Empty)}");
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{job.Name,-26} {job.Cron,-14} next {job.NextAfter(now):yyyy-MM-dd HH:mm}Z  {job.Describe()}  [{lastText}]"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RunJob(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The job's name (see 'logbook jobs')" };
        var warehouse = new WarehouseOptions();
        var command = new Command("run-job", "Run one scheduled job now, recorded like a scheduled run") { name };
        warehouse.AddTo(command);
        command.SetAction(parse =>
        {
            var hostOptions = warehouse.Read(parse);
            var host = LogbookHost.Load(hostOptions, context.Environment);
            var jobs = ScheduleFile.Load(host.Project.Directory, context.Environment.GetVariable);
            var jobName = parse.GetValue(name)!;
            if (jobs.All(j => j.Name != jobName))
            {
                throw new LogbookConfigurationException($"no job '{jobName}' (jobs: {(jobs.Count == 0 ? "none" : string.Join(", ", jobs.Select(j => j.Name)))})");
            }

            void Warn(string message) => context.Error.WriteLine($"warning: {message}");
            var store = new JobRunStore(host.Warehouse, warn: Warn);
            var scheduler = new Scheduler(jobs, new HostJobRunner(host, context.Environment, hostOptions.ProfilesDirectory, Warn), store);
            scheduler.TryTrigger(jobName, "run-job");
            scheduler.WhenIdle(jobName).GetAwaiter().GetResult();
            var run = scheduler.Status().Single(s => s.Job.Name == jobName).LastRun!;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.Status.ToUpperInvariant()} {jobName} in {run.DurationSeconds:0.00} s{(run.Message is { } m ? $": {m}" : string.Empty)}"));
            return run.Status == "success" ? ExitCodes.Success : ExitCodes.RuntimeError;
        });
        return command;
    }
}
