namespace Logbook.Server;

/// <summary>How <c>logbook serve</c> runs (docs/serve.md).</summary>
public sealed record ServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";
    public const string TokenVariable = "LOGBOOK_SERVE_TOKEN";
    public const string WebhookVariable = "LOGBOOK_ALERT_WEBHOOK_URL";

    /// <summary>Kestrel's listen addresses (<c>--urls</c>); a non-loopback address requires <see cref="Token"/>.</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The access token (<c>LOGBOOK_SERVE_TOKEN</c>); when set, every page and endpoint but the health probes requires it.</summary>
    public string? Token { get; init; }

    /// <summary>Where alert notifications go (Slack-compatible incoming webhook; <c>LOGBOOK_ALERT_WEBHOOK_URL</c>); null: recorded only.</summary>
    public Uri? Webhook { get; init; }

    /// <summary>How often Logbook evaluates its alerts.</summary>
    public TimeSpan AlertInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>False: the endpoints and pages only (another process schedules).</summary>
    public bool RunScheduler { get; init; } = true;

    /// <summary>How long shutdown waits for running jobs before cancelling them.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(30);
}
