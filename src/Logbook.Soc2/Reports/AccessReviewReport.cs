using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text;
using Logbook.Core.Warehouses;
using Logbook.Soc2.Storage;

namespace Logbook.Soc2.Reports;

/// <summary>
/// The access review an auditor reads, from the connector's last published run: every user with their grants,
/// privileged access, stale, inactive and pending users who still hold access, and the access changes in a
/// period; with the time it was generated and the source account. HTML (one self-contained page) or CSV (one
/// row per grant, with the user's status).
/// </summary>
public sealed class AccessReviewReport
{
    public required string AccountName { get; init; }
    public required string? AccountId { get; init; }
    public required DateTime GeneratedAt { get; init; }
    public required DateTime? AuditedAt { get; init; }
    public required DateTime ChangesSince { get; init; }

    /// <summary>The end of the period (exclusive); null: up to the time the report was generated.</summary>
    public DateTime? ChangesUntil { get; init; }
    public required IReadOnlyList<IReadOnlyDictionary<string, object?>> Grants { get; init; }
    public required IReadOnlyList<IReadOnlyDictionary<string, object?>> Changes { get; init; }

    private static readonly string[] s_grantColumns =
        ["user_email", "user_name", "user_id", "compliance_status", "grant_type", "role_name", "access_level", "is_privileged", "team_name", "group_name", "connection_name", "granted_via", "last_accessed", "granted_at"];

    private static readonly string[] s_changeColumns = ["detected_at", "change_type", "user_email", "user_id", "grant_type", "role_name", "team_id", "group_id", "connection_id"];

    /// <exception cref="InvalidOperationException">The connector has not published a run into <paramref name="schema"/>.</exception>
    public static AccessReviewReport Load(IWarehouse warehouse, string schema, DateTime changesSince, DateTime? changesUntil = null, DateTime? now = null)
    {
        using var connection = warehouse.OpenConnection();
        var runs = Sql.Table(schema, Soc2Tables.Runs.Name);
        if (!TableExists(connection, schema, Soc2Tables.Runs.Name))
        {
            throw new InvalidOperationException($"no SOC2 access data in schema '{schema}': run 'logbook connector soc2' first");
        }

        var last = Rows(connection, $"select run_id, account_id, account_name, started_at from {runs} where status = 'completed' order by ended_at desc limit 1");
        if (last.Count == 0)
        {
            throw new InvalidOperationException($"no completed SOC2 connector run in schema '{schema}': run 'logbook connector soc2' first");
        }

        var grants = Rows(connection, $"select {string.Join(", ", s_grantColumns.Select(Sql.Quote))} from {Sql.Table(schema, Soc2Tables.AccessControl.Name)} order by user_email, user_id, grant_type, role_name, team_name, group_name, connection_name");
        var changes = Rows(connection, $"select {string.Join(", ", s_changeColumns.Select(Sql.Quote))} from {Sql.Table(schema, Soc2Tables.AccessChanges.Name)} where detected_at >= $1 and detected_at < $2 order by detected_at, user_email, change_type", changesSince, changesUntil ?? DateTime.MaxValue);
        return new AccessReviewReport
        {
            AccountName = last[0]["account_name"] as string ?? "(unknown account)",
            AccountId = last[0]["account_id"] as string,
            AuditedAt = last[0]["started_at"] as DateTime?,
            GeneratedAt = now ?? DateTime.UtcNow,
            ChangesSince = changesSince,
            ChangesUntil = changesUntil,
            Grants = grants,
            Changes = changes,
        };
    }

    public string ToCsv()
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', s_grantColumns));
        foreach (var row in Grants)
        {
            text.AppendLine(string.Join(',', s_grantColumns.Select(c => Csv(Format(row[c])))));
        }

        return text.ToString();
    }

    public string ToHtml()
    {
        var users = Grants.GroupBy(g => (string)g["user_id"]!).ToList();
        var flagged = Grants.Where(g => g["compliance_status"] is "INACTIVE" or "STALE" or "PENDING_INVITE" or "UNKNOWN_USER").ToList();
        var privileged = Grants.Where(g => g["is_privileged"] is true).ToList();
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Access review: {{E(AccountName)}}</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:0.5rem 0 1.5rem}
            td,th{border:1px solid #ccc;padding:0.25rem 0.5rem;font-size:0.85rem;text-align:left}th{background:#f3f3f3}
            .flag{color:#a00;font-weight:600}.meta td{border:none}</style></head><body>
            <h1>Fivetran access review</h1>
            <table class="meta"><tr><td>Account</td><td>{{E(AccountName)}} ({{E(AccountId ?? "")}})</td></tr>
            <tr><td>Access as of</td><td>{{Format(AuditedAt)}} UTC</td></tr><tr><td>Generated at</td><td>{{Format(GeneratedAt)}} UTC</td></tr>
            <tr><td>Users with access</td><td>{{users.Count}}</td></tr><tr><td>Grants</td><td>{{Grants.Count}}</td></tr></table>
            """);
        Section(html, $"Privileged access ({privileged.Count})", privileged, s_grantColumns);
        Section(html, $"Stale, inactive and pending users who still hold access ({flagged.Count})", flagged, s_grantColumns);
        Section(html, $"Access changes since {Format(ChangesSince)}{(ChangesUntil is { } until ? $" until {Format(until)}" : "")} ({Changes.Count})", Changes, s_changeColumns);
        html.Append("<h2>Every user and their grants</h2>");
        foreach (var user in users)
        {
            var first = user.First();
            Section(html, $"{first["user_email"] ?? first["user_id"]}: {first["compliance_status"]}", user.ToList(), s_grantColumns, level: 3);
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Section(StringBuilder html, string title, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, string[] columns, int level = 2)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h{level}>{E(title)}</h{level}>");
        if (rows.Count == 0)
        {
            html.Append("<p>None.</p>");
            return;
        }

        html.Append("<table><tr>").Append(string.Concat(columns.Select(c => $"<th>{E(c)}</th>"))).Append("</tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var c in columns)
            {
                var value = Format(row[c]);
                var flag = c == "compliance_status" && value is "INACTIVE" or "STALE" or "PENDING_INVITE" or "UNKNOWN_USER";
                html.Append(flag ? "<td class=\"flag\">" : "<td>").Append(E(value)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Format(object? value) => value switch
    {
        null => "",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>RFC 4180 quoting; a value a spreadsheet would run as a formula (=, +, -, @) is prefixed with ' (names and emails come from the API).</summary>
    private static string Csv(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 || text.StartsWith(' ') ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static bool TableExists(DbConnection connection, string schema, string table)
    {
        using var reader = Soc2Store.Query(connection, null, "select 1 from information_schema.tables where table_schema = $1 and table_name = $2", schema, table);
        return reader.Read();
    }

    private static List<IReadOnlyDictionary<string, object?>> Rows(DbConnection connection, string sql, params object?[] values)
    {
        using var reader = Soc2Store.Query(connection, null, sql, values);
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
