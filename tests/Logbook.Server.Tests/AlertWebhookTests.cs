using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Logbook.Server.Tests;

/// <summary>Logbook's own alerts: a real webhook receiver on loopback gets one firing and one resolved message, nothing repeated.</summary>
public sealed class AlertWebhookTests
{
    [Fact]
    public async Task More_than_three_failures_fire_once_to_the_webhook_and_resolve_once_after_a_success()
    {
        using var receiver = new WebhookReceiver();
        await using var scenario = new ServerScenario();
        scenario.Source("alter table events rename to events_moved");
        var server = await scenario.StartAsync(new ServerOptions { RunScheduler = false, Webhook = receiver.Url, AlertInterval = TimeSpan.FromMilliseconds(200) });

        for (var i = 0; i < 4; i++)
        {
            (await ServerScenario.RunJob(server, scenario.Http, "replication")).Status.Should().Be("failed");
        }

        var fired = await receiver.WaitFor(m => m.GetProperty("alert").GetString() == "AnalyticsSyncConsecutiveFailures", () => string.Join(" | ", scenario.Warnings));
        fired.GetProperty("status").GetString().Should().Be("firing");
        fired.GetProperty("stream").GetString().Should().Be("events");
        fired.GetProperty("text").GetString().Should().StartWith("[FIRING] AnalyticsSyncConsecutiveFailures for stream events: 4 consecutive failed runs");
        fired.GetProperty("attachments")[0].GetProperty("color").GetString().Should().Be("danger");

        scenario.Source("alter table events_moved rename to events; insert into events (id, created_at) values (1, now() - interval '1 minute')");
        (await ServerScenario.RunJob(server, scenario.Http, "replication")).Status.Should().Be("success");
        var resolved = await receiver.WaitFor(m => m.GetProperty("alert").GetString() == "AnalyticsSyncConsecutiveFailures" && m.GetProperty("status").GetString() == "resolved", () => string.Join(" | ", scenario.Warnings));
        resolved.GetProperty("text").GetString().Should().StartWith("[RESOLVED] AnalyticsSyncConsecutiveFailures for stream events");

        await Task.Delay(1000); // five more evaluation rounds: nothing changed, nothing is sent again
        receiver.Messages.Count(m => m.GetProperty("alert").GetString() == "AnalyticsSyncConsecutiveFailures").Should().Be(2);
        receiver.Messages.Select(m => (m.GetProperty("alert").GetString(), m.GetProperty("status").GetString()))
            .Should().Contain(("AnalyticsSyncNoRecentSuccess", "firing")).And.Contain(("AnalyticsSyncNoRecentSuccess", "resolved"));
        // The notifier records an event after the receiver has answered, so the last row may land a moment after the message.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long delivered;
        while ((delivered = Convert.ToInt64(scenario.Warehouse("select count(*) from logbook_server.alert_events where delivered"), CultureInfo.InvariantCulture)) != receiver.Messages.Count
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        delivered.Should().Be(receiver.Messages.Count, "every event is recorded, delivered");
    }

    /// <summary>A Slack-style incoming webhook on a free loopback port, keeping every JSON body it receives.</summary>
    private sealed class WebhookReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<JsonElement> _messages = [];
        private readonly Task _loop;

        public WebhookReceiver()
        {
            var port = FreePort();
            Url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/hook/");
            _listener.Prefixes.Add(Url.ToString());
            _listener.Start();
            _loop = Task.Run(ListenAsync);
        }

        public Uri Url { get; }

        public IReadOnlyList<JsonElement> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public async Task<JsonElement> WaitFor(Func<JsonElement, bool> match, Func<string> context)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                var found = Messages.Where(match).ToList();
                if (found.Count > 0)
                {
                    return found[0];
                }

                await Task.Delay(50);
            }

            throw new TimeoutException($"no such webhook message; got: {string.Join(" | ", Messages.Select(m => m.GetProperty("text").GetString()))}; warnings: {context()}");
        }

        public void Dispose()
        {
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }

        private async Task ListenAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
                    lock (_messages)
                    {
                        _messages.Add(body);
                    }
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
