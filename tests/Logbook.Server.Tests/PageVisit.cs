using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace Logbook.Server.Tests;

/// <summary>A page opened in Chromium, with what it logged to the console and every request it made.</summary>
internal sealed class PageVisit : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private PageVisit(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    public IResponse? Response { get; private set; }

    /// <summary>Console errors and uncaught exceptions.</summary>
    public List<string> Errors { get; } = [];

    public List<string> Requests { get; } = [];

    /// <summary>From navigation to the load event (scripts run, charts drawn).</summary>
    public TimeSpan LoadTime { get; private set; }

    public static async Task<PageVisit> OpenAsync(DashboardFixture fixture, string path)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        var visit = new PageVisit(context, page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                visit.Errors.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => visit.Errors.Add("page error: " + error);
        page.Request += (_, request) => visit.Requests.Add(request.Url);
        var clock = Stopwatch.StartNew();
        visit.Response = await page.GotoAsync(fixture.BaseUrl + path, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        visit.LoadTime = clock.Elapsed;
        return visit;
    }

    /// <summary>The raw value of a key number (<c>data-value</c> of <c>[data-testid=...]</c>).</summary>
    public async Task<string> StatAsync(string testId)
    {
        var locator = Page.Locator($"[data-testid='{testId}']");
        (await locator.CountAsync()).Should().Be(1, $"the page shows the key number {testId}");
        return await locator.GetAttributeAsync("data-value") ?? "";
    }

    public async Task<long> LongStatAsync(string testId) => long.Parse(await StatAsync(testId), CultureInfo.InvariantCulture);

    public async Task<double> DoubleStatAsync(string testId) => double.Parse(await StatAsync(testId), CultureInfo.InvariantCulture);

    /// <summary>The rows a table shows (its <c>tbody tr</c>).</summary>
    public Task<int> RowsAsync(string tableId) => Page.Locator($"table[data-table='{tableId}'] tbody tr").CountAsync();

    /// <summary>The text of the cells of <paramref name="column"/> in a table, in order.</summary>
    public Task<IReadOnlyList<string>> ColumnAsync(string tableId, string column) =>
        Page.Locator($"table[data-table='{tableId}'] tbody td[data-col='{column}']").AllInnerTextsAsync();

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
