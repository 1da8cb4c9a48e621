namespace Logbook.Server.Web;

/// <summary>One page of the dashboard: where it is, what it is called, the tables it shows (their CSVs) and how it renders.</summary>
internal abstract class DashboardPage
{
    /// <summary>The URL path, e.g. <c>/connectors</c>.</summary>
    public abstract string Path { get; }

    /// <summary>A short name: the nav entry's test id and the screenshot's file name.</summary>
    public abstract string Name { get; }

    /// <summary>The nav label and the page's heading.</summary>
    public abstract string Title { get; }

    /// <summary>Every table the page shows, so <c>/csv/&lt;id&gt;</c> serves the same rows.</summary>
    public abstract IReadOnlyList<DashboardTable> Tables { get; }

    public abstract void Render(PageWriter page, DashboardData data);
}
