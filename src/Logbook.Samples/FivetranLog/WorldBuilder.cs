using System.Globalization;

namespace Logbook.Samples.FivetranLog;

/// <summary>The independent PRNG streams of a dataset (see <see cref="SampleRandom.Derive"/>).</summary>
internal static class Streams
{
    public const ulong World = 1;
    public const ulong Syncs = 2;
    public const ulong LogRows = 3;
    public const ulong Actions = 4;
    public const ulong Mar = 5;
    public const ulong SdkLog = 6;
    public const ulong Transformations = 7;
    public const ulong Billing = 8;
}

/// <summary>Builds the account, destinations, users, memberships, connections and dbt jobs of a dataset.</summary>
internal static class WorldBuilder
{
    private static readonly ConnectionRole[] s_roles =
    [
        ConnectionRole.Broken, ConnectionRole.Deleted, ConnectionRole.Paused, ConnectionRole.Flaky, ConnectionRole.New,
        ConnectionRole.LegacyApiCalls, ConnectionRole.CamelCaseSummary, ConnectionRole.ConnectorSdk,
    ];

    private static readonly int[] s_troubledSchedules = [15, 30, 60, 180];

    private static readonly string[] s_accounts = ["Acme Analytics", "Globex Retail", "Initech Data", "Umbrella Health", "Hooli Cloud", "Stark Logistics"];

    private static readonly string[] s_nameSuffixes = ["prod", "eu", "us", "marketing", "sandbox", "legacy", "emea", "apac", "finance", "growth"];

    /// <summary>Before this, API connections logged one api_call row per call (deprecated November 2024).</summary>
    private static readonly DateTime s_apiCallDeprecation = new(2024, 11, 1);

    public static SampleWorld Build(FivetranLogOptions options)
    {
        var random = SampleRandom.Derive(options.Seed, Streams.World);
        var ids = new WordIds(random);
        var start = options.Start;
        var accountName = random.Pick(s_accounts);
        var domain = accountName.Split(' ')[0].ToLowerInvariant() + ".io";
        var accountCreated = start.AddDays(-random.Next(900, 1800)).AddMinutes(random.Next(1440));
        var account = new SampleAccount(ids.Next(), accountName, accountCreated);

        var destinationCount = Math.Min(options.Connections, 3 + random.Next(2));
        var destinationNames = random.Shuffle(Vocabulary.Destinations);
        var destinations = Enumerable.Range(0, destinationCount)
            .Select(i => new SampleDestination(i, ids.Next(), destinationNames[i].Name, destinationNames[i].Region,
                accountCreated.AddDays(random.Next(1, 400)).AddMinutes(random.Next(1440))))
            .ToList();

        var users = BuildUsers(random, ids, domain, accountCreated, start);
        var memberships = BuildMemberships(random, destinations, users, start);
        var connections = BuildConnections(options, random, ids, destinations, users);
        var jobs = BuildJobs(random, ids, destinations);
        return new SampleWorld
        {
            Account = account,
            Destinations = destinations,
            Users = users,
            Memberships = memberships,
            Connections = connections,
            Jobs = jobs,
            PlatformSyncMinute = random.Next(60),
        };

        static List<SampleUser> BuildUsers(SampleRandom random, WordIds ids, string domain, DateTime accountCreated, DateTime start)
        {
            var count = random.Next(10, 21);
            var users = new List<SampleUser>(count);
            var emails = new HashSet<string>(StringComparer.Ordinal);
            while (users.Count < count)
            {
                var given = random.Pick(Vocabulary.GivenNames);
                var family = random.Pick(Vocabulary.FamilyNames);
                var email = $"{Ascii(given)}.{Ascii(family)}@{domain}";
                if (!emails.Add(email))
                {
                    continue;
                }

                var phone = random.Chance(0.6) ? string.Create(CultureInfo.InvariantCulture, $"+1 415 555 {random.Next(1000, 10000)}") : null;
                var created = users.Count == 0 ? accountCreated : accountCreated.AddDays(random.Next((int)(start - accountCreated).TotalDays));
                users.Add(new SampleUser(ids.Next(), given, family, email, phone, random.Chance(0.15), random.Chance(0.9), created.AddMinutes(random.Next(1440))));
            }

            return users;
        }
    }

    private static List<SampleMembership> BuildMemberships(SampleRandom random, List<SampleDestination> destinations, List<SampleUser> users, DateTime start)
    {
        var memberships = new List<SampleMembership>();
        foreach (var user in users)
        {
            var count = Math.Min(destinations.Count, random.Next(1, 4));
            foreach (var destination in random.Shuffle(destinations).Take(count).OrderBy(d => d.Index))
            {
                var joined = Later(user.CreatedAt, destination.CreatedAt).AddHours(random.Next(1, 24 * 60));
                if (joined > start)
                {
                    joined = start.AddHours(-random.Next(1, 240));
                }

                DateTime? activated = random.Chance(0.9) ? joined.AddMinutes(random.Next(5, 4000)) : null;
                var role = memberships.Count == 0 ? Vocabulary.Roles[0] : random.Pick(Vocabulary.Roles);
                memberships.Add(new SampleMembership(destination, user, role, joined, activated));
            }
        }

        return memberships;
    }

    private static List<SampleConnection> BuildConnections(FivetranLogOptions options, SampleRandom random, WordIds ids, List<SampleDestination> destinations, List<SampleUser> users)
    {
        var start = options.Start;
        var window = options.End - start;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var connections = new List<SampleConnection>(options.Connections);
        var apiTypes = Vocabulary.ConnectorTypes.Where(t => t.Kind == SourceKind.Api).ToList();
        var hugeApiTypes = apiTypes.Where(t => t.Tables.Any(table => table.Huge)).ToList();
        for (var i = 0; i < options.Connections; i++)
        {
            var role = i < s_roles.Length ? s_roles[i] : ConnectionRole.Normal;
            var type = role switch
            {
                ConnectionRole.New => random.Pick(hugeApiTypes),
                ConnectionRole.LegacyApiCalls or ConnectionRole.CamelCaseSummary or ConnectionRole.Flaky => random.Pick(apiTypes),
                ConnectionRole.ConnectorSdk => Vocabulary.ConnectorTypes.Single(t => t.Id == "connector_sdk"),
                _ => random.Pick(Vocabulary.ConnectorTypes),
            };
            var name = UniqueName(random, names, type.Id);
            var destination = i < destinations.Count ? destinations[i] : random.Pick(destinations);
            var interval = role switch
            {
                ConnectionRole.Flaky => 15,
                ConnectionRole.Broken or ConnectionRole.Paused or ConnectionRole.Deleted => random.Pick(s_troubledSchedules),
                _ => Schedule(random),
            };
            var setUpInWindow = role == ConnectionRole.New || (role == ConnectionRole.Normal && random.Chance(0.05));
            DateTime signedUp;
            if (role == ConnectionRole.New)
            {
                // The evening of the second day (or the first, in a one-day window): its long historical sync crosses midnight.
                signedUp = start.AddDays(options.Days >= 3 ? 1 : 0).AddHours(19).AddMinutes(random.Next(60)).AddSeconds(random.Next(60));
            }
            else if (setUpInWindow)
            {
                signedUp = start.AddMinutes(random.Next((int)(window.TotalMinutes * 0.8)));
            }
            else
            {
                signedUp = start.AddDays(-random.Next(20, 1600)).AddMinutes(random.Next(1440));
            }

            var legacyApi = type.Kind == SourceKind.Api && role != ConnectionRole.CamelCaseSummary && role != ConnectionRole.New
                && (role == ConnectionRole.LegacyApiCalls || (signedUp < s_apiCallDeprecation && random.Chance(0.45)));
            connections.Add(new SampleConnection
            {
                Index = i,
                Id = ids.Next(),
                Name = name,
                Type = type,
                Destination = destination,
                ConnectingUser = random.Pick(users),
                Role = role,
                IntervalMinutes = interval,
                PhaseMinutes = random.Next(Math.Min(interval, 1440)),
                SignedUp = signedUp,
                Tables = Tables(random, type, name),
                ServiceVersion = random.Next(1, 12),
                Flaky = role == ConnectionRole.Flaky || (role == ConnectionRole.Normal && random.Chance(0.08)),
                ApiCallRows = legacyApi,
                CamelCaseOperation = role == ConnectionRole.LegacyApiCalls || (role == ConnectionRole.Normal && random.Chance(0.15)),
                CamelCaseQueries = role == ConnectionRole.CamelCaseSummary || (role == ConnectionRole.Normal && random.Chance(0.15)),
                NoConnectorTypeId = role == ConnectionRole.Normal && random.Chance(0.05),
                PausedAt = role == ConnectionRole.Paused ? start.AddMinutes((int)(window.TotalMinutes * 0.6)).AddSeconds(random.Next(3600)) : null,
                DeletedAt = role == ConnectionRole.Deleted ? start.AddMinutes((int)(window.TotalMinutes * 0.5)).AddSeconds(random.Next(3600)) : null,
                BrokenFrom = role == ConnectionRole.Broken ? start.AddMinutes((int)(window.TotalMinutes * 0.3)).AddSeconds(random.Next(3600)) : null,
                SetUpInWindow = setUpInWindow,
            });
        }

        return connections;
    }

    private static List<SampleJob> BuildJobs(SampleRandom random, WordIds ids, List<SampleDestination> destinations)
    {
        var jobs = new List<SampleJob>();
        var catalog = random.Shuffle(Vocabulary.TransformationJobs);
        foreach (var destination in destinations)
        {
            var count = destination.Index == 0 ? 2 : random.Next(3);
            for (var j = 0; j < count && jobs.Count < catalog.Count; j++)
            {
                var (name, projectType, hourly, models) = catalog[jobs.Count];
                jobs.Add(new SampleJob(ids.Next(), name, projectType, hourly, models, destination, random.Next(60)));
            }
        }

        return jobs;
    }

    private static List<ConnectionTable> Tables(SampleRandom random, ConnectorType type, string name)
    {
        var tables = new List<ConnectionTable>(type.Tables.Count);
        foreach (var source in type.Tables.Concat(ExtraTables(random, type)))
        {
            // Database connections write one destination schema per source schema; the others write their own name.
            var schema = type.SourceSchemas.Count == 0
                ? name
                : $"{name}_{type.SourceSchemas[tables.Count % 3 == 2 ? random.Next(type.SourceSchemas.Count) : 0]}";
            tables.Add(new ConnectionTable(tables.Count, schema, source));
        }

        return tables;
    }

    /// <summary>
    /// Real connections sync more than the connector's core tables: Salesforce custom objects, a database's other
    /// tables, an API's reports. Up to 14 more per connection, named after the connector's conventions.
    /// </summary>
    private static IEnumerable<SourceTable> ExtraTables(SampleRandom random, ConnectorType type)
    {
        if (type.Kind == SourceKind.Files)
        {
            yield break;
        }

        var names = new HashSet<string>(type.Tables.Select(t => t.Name), StringComparer.Ordinal);
        var count = random.Next(15);
        for (var i = 0; i < count; i++)
        {
            var noun = random.Pick(Vocabulary.Nouns);
            var extra = type.Id == "salesforce" ? $"{noun}__c" : type.Kind == SourceKind.Database ? noun + "s" : $"{noun}_report";
            var activity = random.Next(5, 80) / 100.0;
            var rows = (long)random.Next(2, 400);
            if (names.Add(extra))
            {
                yield return new SourceTable(extra, activity, rows, Deletes: random.Chance(0.2));
            }
        }
    }

    private static string UniqueName(SampleRandom random, HashSet<string> names, string typeId)
    {
        var name = typeId;
        for (var attempt = 0; !names.Add(name); attempt++)
        {
            name = attempt < 8
                ? $"{typeId}_{random.Pick(s_nameSuffixes)}"
                : string.Create(CultureInfo.InvariantCulture, $"{typeId}_{attempt}");
        }

        return name;
    }

    private static int Schedule(SampleRandom random)
    {
        var total = Vocabulary.Schedules.Sum(s => s.Weight);
        var pick = random.Next(total);
        foreach (var (minutes, weight) in Vocabulary.Schedules)
        {
            if ((pick -= weight) < 0)
            {
                return minutes;
            }
        }

        return 60;
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>Lower-case ASCII for an e-mail address: the names' accents dropped, apostrophes removed.</summary>
    private static string Ascii(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            var plain = c switch
            {
                'á' => 'a',
                'é' => 'e',
                'ü' => 'u',
                _ => c,
            };
            if (char.IsAsciiLetter(plain))
            {
                builder.Append(plain);
            }
        }

        return builder.ToString();
    }

    /// <summary>Fivetran-style ids (<c>decent_wholesale</c>): two words, unique within the dataset.</summary>
    private sealed class WordIds(SampleRandom random)
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public string Next()
        {
            while (true)
            {
                var id = $"{random.Pick(Vocabulary.Adjectives)}_{random.Pick(Vocabulary.Nouns)}";
                if (_used.Count > Vocabulary.Adjectives.Count * Vocabulary.Nouns.Count / 2)
                {
                    id = string.Create(CultureInfo.InvariantCulture, $"{id}{random.Next(10, 100)}");
                }

                if (_used.Add(id))
                {
                    return id;
                }
            }
        }
    }
}
