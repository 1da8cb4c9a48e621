using System.Globalization;

namespace Logbook.FivetranApiFake;

/// <summary><c>dotnet run --project tests/Logbook.FivetranApiFake -- [--users N] [--teams N] [--port P] [--key K] [--secret S] [--latency-ms L]</c></summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        string Text(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        if (args.Contains("--help"))
        {
            Console.WriteLine("Serves a generated Fivetran account: --users 50 --teams 5 --port 5099 --key fake-key --secret fake-secret --latency-ms 0");
            return 0;
        }

        var account = FakeAccount.Generate(Option("--users", 50), Option("--teams", 5));
        await using var server = await FakeFivetranServer.StartAsync(account, Text("--key", "fake-key"), Text("--secret", "fake-secret"), Option("--port", 5099), TimeSpan.FromMilliseconds(Option("--latency-ms", 0))).ConfigureAwait(false);
        Console.WriteLine($"fake Fivetran API at {server.BaseUrl} ({account.Users.Count} users, {account.Teams.Count} teams); Ctrl+C stops it");
        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        await stop.Task.ConfigureAwait(false);
        return 0;
    }
}
