using Logbook.Soc2.Reports;

namespace Logbook.Soc2.Tests;

/// <summary>The auditor's report: every user with their grants, privileged and flagged access, changes in a period, when and whose.</summary>
public sealed class AccessReviewReportTests
{
    [Fact]
    public async Task The_html_report_lists_every_user_with_grants_privileged_and_flagged_access_and_the_changes_since_a_date()
    {
        await using var bed = await Soc2Bed.StartAsync(Soc2Bed.Generate(users: 20, teams: 3));
        await bed.RunAsync();
        lock (bed.Account)
        {
            bed.Account.Users.Single(u => (string)u["id"]! == "user_00001")["role"] = "Account Administrator";
        }

        await bed.RunAsync();
        var generatedAt = new DateTime(2026, 12, 24, 8, 30, 0, DateTimeKind.Utc);

        var report = AccessReviewReport.Load(bed.Warehouse, "soc2", DateTime.UtcNow.AddDays(-1), now: generatedAt);
        var html = report.ToHtml();

        report.AccountName.Should().Be("Fake Inc.");
        report.Grants.Should().HaveCount((int)bed.Count("select count(*) from soc2.soc2_access_control"));
        html.Should().Contain("Fake Inc. (account_fake)").And.Contain("Generated at</td><td>2026-12-24 08:30:00 UTC");
        foreach (var userId in bed.Query("select distinct user_email from soc2.soc2_access_control").Select(r => (string)r[0]!))
        {
            html.Should().Contain($"<h3>{userId}: ", "every user with access has a section");
        }

        html.Should().Contain($"Privileged access ({bed.Count("select count(*) from soc2.soc2_access_control where is_privileged")})");
        html.Should().Contain($"Stale, inactive and pending users who still hold access ({bed.Count("select count(*) from soc2.soc2_access_control where compliance_status in ('STALE', 'INACTIVE', 'PENDING_INVITE')")})");
        report.Changes.Should().ContainSingle(c => (string)c["user_id"]! == "user_00001" && (string)c["change_type"]! == "GRANTED");
        html.Should().Contain("Access changes since").And.Contain("<td>GRANTED</td><td>user_00001@example.com</td>");
        html.Should().Contain("class=\"flag\">INACTIVE<");

        AccessReviewReport.Load(bed.Warehouse, "soc2", DateTime.UtcNow.AddDays(1)).Changes.Should().BeEmpty("changes after the period's start only");
        AccessReviewReport.Load(bed.Warehouse, "soc2", DateTime.UtcNow.AddDays(-2), DateTime.UtcNow.AddDays(-1)).Changes.Should().BeEmpty("nor before its end");
    }

    [Fact]
    public async Task The_csv_report_has_one_row_per_grant_and_neutralises_spreadsheet_formulas()
    {
        await using var bed = await Soc2Bed.StartAsync(Soc2Bed.Generate(users: 12, teams: 2));
        lock (bed.Account)
        {
            bed.Account.Users[2]["given_name"] = "=HYPERLINK(\"http://evil\")";
        }

        await bed.RunAsync();

        var csv = AccessReviewReport.Load(bed.Warehouse, "soc2", DateTime.UtcNow.AddDays(-90)).ToCsv();
        var lines = csv.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("user_email,user_name,user_id,compliance_status,grant_type,role_name,access_level,is_privileged");
        lines.Length.Should().Be(1 + (int)bed.Count("select count(*) from soc2.soc2_access_control"));
        csv.Should().Contain("\"'=HYPERLINK(\"\"http://evil\"\") Family2\"");
    }

    [Fact]
    public async Task Without_a_published_run_the_report_says_what_to_run()
    {
        await using var bed = await Soc2Bed.StartAsync(Soc2Bed.Generate(users: 1, teams: 0));

        FluentActions.Invoking(() => AccessReviewReport.Load(bed.Warehouse, "soc2", DateTime.UtcNow)).Should().Throw<InvalidOperationException>()
            .WithMessage("*run 'logbook connector soc2' first*");
    }
}
