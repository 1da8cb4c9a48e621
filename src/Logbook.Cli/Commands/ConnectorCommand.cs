using System.CommandLine;
using Logbook.Hosting;
using Logbook.Soc2.Api;
using Logbook.Soc2.Configuration;

namespace Logbook.Cli.Commands;

/// <summary>
/// <c>logbook connector soc2 --configuration configuration.json</c>: reads the Fivetran REST API into the SOC2
/// access tables (docs/soc2-connector.md). The configuration is checked before any call; an API failure is one line.
/// </summary>
internal static class ConnectorCommand
{
    public static Command Create(CliContext context)
    {
        var configuration = new Option<string?>("--configuration", "-c")
        {
            Description = "The connector's configuration.json (api_key, api_secret, debug_mode); FIVETRAN_API_KEY / FIVETRAN_API_SECRET fill keys it leaves out",
            HelpName = "file",
        };
        var warehouse = new WarehouseOptions();
        var soc2 = new Command("soc2", "Read users, teams, roles, groups, connections and memberships from the Fivetran REST API into the SOC2 access tables")
        {
            configuration,
        };
        warehouse.AddTo(soc2);
        soc2.SetAction(parse =>
        {
            void Warn(string message) => context.Error.WriteLine($"warning: {message}");
            var file = parse.GetValue(configuration) is { } path ? context.Environment.ResolvePath(path) : null;
            var options = Soc2Configuration.Load(file, context.Environment.GetVariable, Warn);
            var host = LogbookHost.Load(warehouse.Read(parse), context.Environment);
            using var signals = new SignalCancellation();
            try
            {
                var result = Soc2Job.Run(host, options, Warn, signals.Token);
                context.Out.WriteLine(
                    $"{(result.Resumed ? "Resumed and completed" : "Completed")} SOC2 access run {result.RunId} for {result.AccountName ?? "(unknown account)"}: " +
                    $"{result.Users} users, {result.Teams} teams, {result.Grants} grants ({result.Granted} granted, {result.Revoked} revoked since the last run), " +
                    $"{result.ApiCalls} API calls in {result.Elapsed.TotalSeconds:0.0} s{(options.DebugMode ? " (debug mode: first 5 users)" : "")}; tables in schema '{options.Schema}'");
                return ExitCodes.Success;
            }
            catch (FivetranApiException e)
            {
                // After a transient failure the next run resumes from the checkpoint; a 4xx needs the configuration fixed first.
                var transient = e.Status is null or System.Net.HttpStatusCode.TooManyRequests || (int)e.Status >= 500;
                context.Error.WriteLine($"error: {e.Message}{(transient ? " (progress is checkpointed: run the command again to resume)" : "")}");
                return ExitCodes.RuntimeError;
            }
        });
        return new Command("connector", "Run a connector into the warehouse") { soc2 };
    }
}
