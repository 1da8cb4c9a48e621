using System.Globalization;
using Logbook.Core.Warehouses;

namespace Logbook.Samples.FivetranLog;

/// <summary>
/// Writes each table of a dataset. <see cref="Log"/> runs the simulation and must come before the tables it feeds
/// (incremental_mar, credits_used, usage_cost, transformation_runs, connector_sdk_log, audit_trail).
/// </summary>
internal sealed class DatasetWriter(FivetranLogOptions options, SampleWorld world)
{
    /// <summary>Share of incremental_mar rows with only <c>connector_name</c>, and again with only <c>connector_id</c>, set (legacy spellings).</summary>
    public const double LegacyMarShare = 0.03;

    private readonly MarLedger _mar = new(options.Start);
    private readonly List<SdkLogRow>? _sdkLog = options.IncludeOptionalTables ? [] : null;
    private readonly List<(SampleConnection Connection, UserAction Action)> _actions = [];
    private readonly Dictionary<(int Destination, string Month), long> _paidMar = [];
    private List<TransformationDay> _transformations = [];

    /// <summary>The Platform Connector's last sync before the end: the <c>_fivetran_synced</c> of the small tables.</summary>
    private DateTime LastPlatformSync => options.End.AddMinutes(world.PlatformSyncMinute - 60);

    public void Account(IBulkWriter bulk)
    {
        var account = world.Account;
        bulk.Write(account.Id).Write("US").Write(account.CreatedAt).Write(account.Name).Write("ACTIVE").Write(LastPlatformSync).EndRow();
    }

    public void Destinations(IBulkWriter bulk)
    {
        foreach (var destination in world.Destinations)
        {
            bulk.Write(destination.Id).Write(world.Account.Id).Write(destination.CreatedAt).Write(destination.Name).Write(destination.Region)
                .Write(LastPlatformSync).EndRow();
        }
    }

    public void Users(IBulkWriter bulk)
    {
        foreach (var user in world.Users)
        {
            bulk.Write(user.Id).Write(user.CreatedAt).Write(user.Email).Write(user.EmailDisabled).Write(user.FamilyName).Write(user.GivenName)
                .Write(user.Phone).Write(user.Verified).Write(LastPlatformSync).EndRow();
        }
    }

    public void Memberships(IBulkWriter bulk)
    {
        foreach (var membership in world.Memberships)
        {
            bulk.Write(membership.Destination.Id).Write(membership.User.Id).Write(membership.ActivatedAt).Write(membership.JoinedAt).Write(membership.Role)
                .Write(LastPlatformSync).EndRow();
        }
    }

    /// <summary><c>connection</c> or, with the same columns in the same order, the legacy <c>connector</c>.</summary>
    public void Connections(IBulkWriter bulk)
    {
        foreach (var connection in world.Connections)
        {
            bulk.Write(connection.Id).Write(connection.ConnectingUser.Id).Write(connection.Name).Write(connection.Type.DisplayName)
                .Write(connection.NoConnectorTypeId && options.Dirt ? null : connection.Type.Id).Write(connection.Destination.Id)
                .Write(connection.PausedAt is not null).Write((long)connection.ServiceVersion).Write(connection.SignedUp)
                .Write(connection.DeletedAt is { } deleted ? deleted.AddMinutes(5) : LastPlatformSync).Write(connection.DeletedAt is not null).EndRow();
        }
    }

    public void Log(IBulkWriter bulk, CancellationToken cancellationToken)
    {
        var sink = new LogSink(bulk, options, world.PlatformSyncMinute);
        var simulator = new SyncSimulator(options, sink, _mar, _sdkLog);
        foreach (var connection in world.Connections)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var actions = ActionPlanner.Plan(options, world, connection);
            _actions.AddRange(actions.Select(a => (connection, a)));
            simulator.Run(connection, actions);
        }

        _transformations = TransformationSimulator.Run(options, world, sink);
    }

    public void IncrementalMar(IBulkWriter bulk)
    {
        var random = SampleRandom.Derive(options.Seed, Streams.Mar);
        foreach (var entry in _mar.Entries())
        {
            var connection = entry.Connection;
            var rows = Math.Max(1, entry.RowsChanged * random.Next(55, 96) / 100);
            var measured = options.Start.AddDays(entry.Day);
            var updated = Earliest(measured.AddDays(1).AddMinutes(random.Next(30, 360)), LastPlatformSync);
            var synced = Earliest(updated.AddMinutes(random.Next(1, 60)), options.End);
            var (freeType, syncType) = entry.Kind switch
            {
                MarKind.Historical => ("HISTORICAL", "HISTORICAL"),
                MarKind.FreeTrial => ("FREE_TRIAL", "INCREMENTAL"),
                MarKind.Resync => ("PAID", "HISTORICAL"),
                MarKind.Unknown => ("PAID", "UNKNOWN"),
                _ => ("PAID", "INCREMENTAL"),
            };
            var spelling = random.NextDouble();
            var legacyName = options.Dirt && spelling < LegacyMarShare;
            var legacyId = options.Dirt && !legacyName && spelling < 2 * LegacyMarShare;
            bulk.Write(legacyId ? connection.Name : null)
                .Write(legacyName || legacyId ? null : connection.Name)
                .Write(legacyName ? connection.Name : null)
                .Write(legacyName || legacyId ? null : connection.Id)
                .Write(connection.Destination.Id).Write(freeType).Write(measured).Write(rows).Write(syncType)
                .Write(entry.Table.Schema).Write(entry.Table.Source.Name).Write(updated).Write(synced).EndRow();
            if (freeType == "PAID")
            {
                var key = (connection.Destination.Index, Month(measured));
                _paidMar[key] = _paidMar.GetValueOrDefault(key) + rows;
            }
        }
    }

    /// <summary>Legacy credit pricing: every destination but those billed in dollars only (index 2, 5, ...).</summary>
    public void CreditsUsed(IBulkWriter bulk)
    {
        var random = SampleRandom.Derive(options.Seed, Streams.Billing, 1);
        foreach (var (destination, month, paid) in Bills(keep: index => index % 3 != 2))
        {
            bulk.Write(destination.Id).Write(month).Write(Math.Max(1, (paid / 2_500) + random.Next(5, 60))).Write(LastPlatformSync).EndRow();
        }
    }

    /// <summary>Dollar pricing: every destination but those still on credits only (index 1, 4, ...).</summary>
    public void UsageCost(IBulkWriter bulk)
    {
        var random = SampleRandom.Derive(options.Seed, Streams.Billing, 2);
        foreach (var (destination, month, paid) in Bills(keep: index => index % 3 != 1))
        {
            var cents = (paid / 2_000) + random.Next(1_000, 25_000);
            bulk.Write(destination.Id).Write(month).Write(cents / 100.0).Write(LastPlatformSync).EndRow();
        }
    }

    public void TransformationRuns(IBulkWriter bulk)
    {
        var half = options.Start.AddDays(options.Days / 2.0);
        foreach (var day in _transformations)
        {
            var job = day.Job;
            var freeType = job.ProjectType == "QUICKSTART" && day.Day < half ? "PROMOTION" : "PAID";
            bulk.Write(job.Destination.Id).Write(job.Id).Write(day.Day).Write(job.ProjectType).Write(freeType).Write(job.Name)
                .Write(day.UpdatedAt).Write(day.ModelRuns).Write(Earliest(day.UpdatedAt.AddHours(1), options.End)).EndRow();
        }
    }

    public void ConnectorSdkLog(IBulkWriter bulk)
    {
        foreach (var row in _sdkLog ?? [])
        {
            bulk.Write(Earliest(row.EventTime.AddMinutes(45), options.End)).Write(row.ConnectionId).Write(row.EventTime).Write(row.Id).Write(row.Level)
                .Write(row.Message).Write("connector_sdk").Write(row.SyncId).EndRow();
        }
    }

    public void AuditTrail(IBulkWriter bulk)
    {
        var random = SampleRandom.Derive(options.Seed, Streams.Actions, -1);
        foreach (var (connection, action) in _actions)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"aud_{random.NextUInt64():x16}");
            bulk.Write(Earliest(action.Time.AddMinutes(50), options.End)).Write(action.AuditAction).Write(action.Time).Write(id)
                .Write(action.InteractionMethod).Write(action.NewValues).Write(action.OldValues).Write(connection.Id).Write("CONNECTION")
                .Write(connection.Destination.Id).Write("DESTINATION").Write(action.User?.Id).EndRow();
        }
    }

    /// <summary>Each destination's months in the window with its PAID MAR, for the destinations <paramref name="keep"/> accepts.</summary>
    private IEnumerable<(SampleDestination Destination, string Month, long PaidMar)> Bills(Func<int, bool> keep)
    {
        foreach (var destination in world.Destinations.Where(d => keep(d.Index)))
        {
            for (var month = new DateTime(options.Start.Year, options.Start.Month, 1); month < options.End; month = month.AddMonths(1))
            {
                var name = Month(month);
                yield return (destination, name, _paidMar.GetValueOrDefault((destination.Index, name)));
            }
        }
    }

    private static string Month(DateTime time) => time.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static DateTime Earliest(DateTime a, DateTime b) => a < b ? a : b;
}
