using System.Globalization;
using System.Text;
using Logbook.DuckDb;

namespace Logbook.Bench;

/// <summary>
/// The provider benchmark: bulk insert with <see cref="DuckDbAppender"/>, read back through
/// <see cref="DuckDbDataReader"/>, and compare with DuckDB scanning the same columns on its own.
/// </summary>
internal static class ProviderBenchmark
{
    /// <summary>The reader must run at no less than this fraction of the engine's own scan rate.</summary>
    private const double Target = 0.50;

    private const string CreateTable = "create table t(a BIGINT, b DOUBLE, c VARCHAR, d TIMESTAMP, e BOOLEAN)";
    private const string SelectAll = "select a, b, c, d, e from t";
    private const string EngineScan = "select sum(hash(a, b, c, d, e)) from t";

    /// <summary>Column d is this timestamp plus one millisecond per row.</summary>
    private static readonly DateTime s_baseTime = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    private const long MicrosecondsPerRow = 1_000;
    private const long WarmUpRows = 200_000;

    /// <summary>The diagnostic passes run at least this many interleaved rounds.</summary>
    private const int DiagnosticRuns = 5;

    private static long s_sink;

    public static int Run(BenchOptions options)
    {
        var rows = options.Rows;
        var runs = options.Runs;
        var started = DateTime.UtcNow;
        var machine = MachineInfo.Describe();
        var source = MachineInfo.SourceOf(options.RepositoryRoot, "src/Logbook.DuckDb", "src/Logbook.DuckDb.Native");
        var busyBefore = BenchReport.SettleDown();
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "provider.duckdb");
        Measurement.Progress($"database: {path}");
        using var connection = new DuckDbConnection(new DuckDbConnectionStringBuilder { DataSource = path }.ConnectionString);
        connection.Open();
        var threads = Scalar(connection, "select current_setting('threads')");

        // 1-2. Load. The appender is warmed up on a scratch table first; the load itself runs once.
        Execute(connection, CreateTable);
        Execute(connection, CreateTable.Replace("table t(", "table warm_up(", StringComparison.Ordinal));
        Measurement.Progress($"insert: warm-up ({WarmUpRows:N0} rows into a scratch table)");
        Insert(connection, "warm_up", WarmUpRows);
        Execute(connection, "drop table warm_up");
        var insert = Measurement.Time("Insert (appender)", rows, runs: 1, () => Insert(connection, "t", rows), appended => Expect(appended, rows, "appended rows"), warmUp: false);
        Measurement.Progress("checkpoint");
        Execute(connection, "checkpoint");
        var count = Convert.ToInt64(Scalar(connection, "select count(*) from t"), CultureInfo.InvariantCulture);
        Expect(count, rows, "count(*)");
        var fileBytes = new FileInfo(path).Length;
        Measurement.Progress("computing the expected checksum");
        var expected = Checksum.Expected(rows);

        // 3-4. Read through the provider, and the engine's own scan of the same columns.
        // Interleaved (scan, typed, boxed, scan, ...) so that the ratio compares like with like on a shared machine.
        var measured = Measurement.TimeInterleaved(
            rows,
            runs,
            warmUp: true,
            new Timed($"Engine scan: `{EngineScan}`", () => s_sink += Scalar(connection, EngineScan).GetHashCode()),
            new Timed("Read, typed getters (IsDBNull + GetInt64/GetDouble/GetString/GetDateTime/GetBoolean)", () => Expect(ReadTyped(connection), expected, "typed read checksum")),
            new Timed("Read, GetValue (boxed), for information", () => Expect(ReadBoxed(connection), expected, "boxed read checksum")));
        var (engine, typed, boxed) = (measured[0], measured[1], measured[2]);

        // 5. The ratio.
        var ratio = typed.RowsPerSecond / engine.RowsPerSecond;
        var pass = ratio >= Target;
        Measurement.Progress($"reader/engine = {ratio:P1}: {(pass ? "PASS" : "FAIL")}");

        // Where the reader's time goes, when it misses the target (or on request).
        var diagnostics = pass && !options.ForceDiagnostics ? null : Diagnose(connection, rows, runs);

        var busyAfter = MachineInfo.CpuBusy(TimeSpan.FromSeconds(2));
        var load = new Load(busyBefore, busyAfter);
        var report = Report(options, started, machine, source, load, threads, fileBytes, insert, typed, boxed, engine, ratio, pass, expected, diagnostics);
        BenchReport.Publish(options.OutputDirectory!, "provider", started, report);
        return 0;
    }

    private static long Insert(DuckDbConnection connection, string table, long rows)
    {
        using var appender = connection.CreateAppender(table);
        for (long i = 0; i < rows; i++)
        {
            appender.CreateRow()
                .AppendValue(A(i))
                .AppendValue(B(i))
                .AppendValue(C(i))
                .AppendValue(D(i))
                .AppendValue(E(i))
                .EndRow();
        }

        appender.Close();
        return appender.RowsAppended;
    }

    // The generated values; Checksum.Expected uses the same functions.
    internal static long A(long i) => i;

    internal static double B(long i) => i * 0.25;

    internal static string C(long i) => string.Create(CultureInfo.InvariantCulture, $"row-{i}");

    internal static DateTime D(long i) => s_baseTime.AddTicks(i * MicrosecondsPerRow * TimeSpan.TicksPerMicrosecond);

    internal static bool E(long i) => i % 3 == 0;

    private static Checksum ReadTyped(DuckDbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SelectAll;
        using var reader = command.ExecuteReader();
        return ReadTyped(reader);
    }

    private static Checksum ReadTyped(DuckDbDataReader reader)
    {
        var sum = default(Checksum);
        while (reader.Read())
        {
            sum.Rows++;
            if (reader.IsDBNull(0))
            {
                sum.Nulls++;
            }
            else
            {
                sum.SumA += reader.GetInt64(0);
            }

            if (reader.IsDBNull(1))
            {
                sum.Nulls++;
            }
            else
            {
                sum.XorB ^= BitConverter.DoubleToInt64Bits(reader.GetDouble(1));
            }

            if (reader.IsDBNull(2))
            {
                sum.Nulls++;
            }
            else
            {
                sum.AddString(reader.GetString(2));
            }

            if (reader.IsDBNull(3))
            {
                sum.Nulls++;
            }
            else
            {
                sum.SumTicks += reader.GetDateTime(3).Ticks;
            }

            if (reader.IsDBNull(4))
            {
                sum.Nulls++;
            }
            else if (reader.GetBoolean(4))
            {
                sum.Trues++;
            }
        }

        return sum;
    }

    private static Checksum ReadBoxed(DuckDbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SelectAll;
        using var reader = command.ExecuteReader();
        var sum = default(Checksum);
        while (reader.Read())
        {
            sum.Rows++;
            switch (reader.GetValue(0))
            {
                case long a:
                    sum.SumA += a;
                    break;
                default:
                    sum.Nulls++;
                    break;
            }

            switch (reader.GetValue(1))
            {
                case double b:
                    sum.XorB ^= BitConverter.DoubleToInt64Bits(b);
                    break;
                default:
                    sum.Nulls++;
                    break;
            }

            switch (reader.GetValue(2))
            {
                case string c:
                    sum.AddString(c);
                    break;
                default:
                    sum.Nulls++;
                    break;
            }

            switch (reader.GetValue(3))
            {
                case DateTime d:
                    sum.SumTicks += d.Ticks;
                    break;
                default:
                    sum.Nulls++;
                    break;
            }

            switch (reader.GetValue(4))
            {
                case bool e:
                    sum.Trues += e ? 1 : 0;
                    break;
                default:
                    sum.Nulls++;
                    break;
            }
        }

        return sum;
    }

    /// <summary>
    /// Single-getter passes over the same query, to split the typed read's time between the engine streaming
    /// chunks to us (the Read()-only pass) and each getter (its pass minus the Read()-only pass); then the engine
    /// side (one column; one thread). All interleaved, over at least <see cref="DiagnosticRuns"/> rounds, because
    /// the differences are a few ns/row and a shared machine drifts by more than that between passes.
    /// </summary>
    private static Diagnostics Diagnose(DuckDbConnection connection, long rows, int runs)
    {
        static long Count(DuckDbDataReader r)
        {
            long n = 0;
            while (r.Read())
            {
                n++;
            }

            return n;
        }

        Timed Pass(string name, Func<DuckDbDataReader, long> body, string sql = SelectAll) =>
            new(name, () => s_sink += ReadWith(connection, sql, body));

        var original = Scalar(connection, "select current_setting('threads')");
        var singleThread = (Action)(() => Execute(connection, "set threads = 1"));
        var restore = (Action)(() => Execute(connection, string.Create(CultureInfo.InvariantCulture, $"set threads = {original}")));

        var passes = new[]
        {
            Pass("Read() only", Count),
            Pass("Read() + IsDBNull(0..4)", r =>
            {
                long n = 0;
                while (r.Read())
                {
                    n += (r.IsDBNull(0) ? 1 : 0) + (r.IsDBNull(1) ? 1 : 0) + (r.IsDBNull(2) ? 1 : 0) + (r.IsDBNull(3) ? 1 : 0) + (r.IsDBNull(4) ? 1 : 0);
                }

                return n;
            }),
            Pass("Read() + GetInt64(a)", r =>
            {
                long n = 0;
                while (r.Read())
                {
                    n += r.GetInt64(0);
                }

                return n;
            }),
            Pass("Read() + GetDouble(b)", r =>
            {
                long n = 0;
                while (r.Read())
                {
                    n ^= BitConverter.DoubleToInt64Bits(r.GetDouble(1));
                }

                return n;
            }),
            Pass("Read() + GetString(c)", r =>
            {
                long n = 0;
                while (r.Read())
                {
                    n += r.GetString(2).Length;
                }

                return n;
            }),
            Pass("Read() + GetDateTime(d)", r =>
            {
                long n = 0;
                while (r.Read())
                {
                    n += r.GetDateTime(3).Ticks;
                }

                return n;
            }),
            Pass("Read() + GetBoolean(e)", r =>
            {
                long n = 0;
                while (r.Read())
                {
                    n += r.GetBoolean(4) ? 1 : 0;
                }

                return n;
            }),
            Pass("Read() + IsDBNull + GetInt64/GetDouble/GetDateTime/GetBoolean (the typed read without GetString)", r =>
            {
                long n = 0;
                while (r.Read())
                {
                    n += r.IsDBNull(0) ? 0 : r.GetInt64(0);
                    n ^= r.IsDBNull(1) ? 0 : BitConverter.DoubleToInt64Bits(r.GetDouble(1));
                    n += r.IsDBNull(3) ? 0 : r.GetDateTime(3).Ticks;
                    n += r.IsDBNull(4) ? 0 : r.GetBoolean(4) ? 1 : 0;
                }

                return n;
            }),
            Pass("Typed read (as in Results)", r => ReadTyped(r).Rows),

            // The engine side: how fast DuckDB produces the rows when the consumer does nothing, and how much of the
            // scan's speed comes from running on every core (the reader consumes on one thread).
            Pass("Read() only, `select a from t` (one column)", Count, "select a from t"),
            Pass("Read() only, with `set threads = 1`", Count) with { Before = singleThread, After = restore },
            Pass("Typed read (as in Results), with `set threads = 1`", r => ReadTyped(r).Rows) with { Before = singleThread, After = restore },
            new Timed("Engine scan, with `set threads = 1`", () => s_sink += Scalar(connection, EngineScan).GetHashCode()) { Before = singleThread, After = restore },
        };

        var measured = Measurement.TimeInterleaved(rows, Math.Max(runs, DiagnosticRuns), warmUp: true, passes);
        return new Diagnostics(measured, measured[0], DiagnoseInsert(connection, rows));
    }

    /// <summary>
    /// Where the insert's time goes: the benchmark's own value generation, the engine inserting the same rows
    /// with SQL (the floor for storing them), and the appender on one-column tables (per-type cost). Each runs once.
    /// </summary>
    private static List<Measurement> DiagnoseInsert(DuckDbConnection connection, long rows)
    {
        var passes = new List<Measurement>
        {
            Measurement.Time("Generate the row values only (no appender)", rows, runs: 1, () => Generate(rows), value => s_sink += value, warmUp: false),
        };

        Execute(connection, CreateTable.Replace("table t(", "table t_sql(", StringComparison.Ordinal));
        var sql = string.Create(
            CultureInfo.InvariantCulture,
            $"insert into t_sql select i, i * 0.25, 'row-' || i, timestamp '{s_baseTime:yyyy-MM-dd HH:mm:ss}' + to_microseconds(i * {MicrosecondsPerRow}), i % 3 = 0 from range({rows}) r(i)");
        passes.Add(Measurement.Time("Engine `insert into … select … from range(N)`, same values, same schema", rows, runs: 1, () => ExecuteCount(connection, sql), n => Expect(n, rows, "inserted rows"), warmUp: false));

        // The engine's hash of both tables must agree: the appender stored exactly what SQL would have.
        Expect(
            $"{Scalar(connection, "select sum(hash(a, b, c, d, e)) from t_sql")}",
            $"{Scalar(connection, EngineScan)}",
            "sum(hash(a, b, c, d, e)) of the SQL-inserted copy vs the appended table");
        Execute(connection, "drop table t_sql");

        foreach (var (type, name, append) in new (string, string, Func<DuckDbAppenderRow, long, DuckDbAppenderRow>)[]
        {
            ("BIGINT", "AppendValue(long)", (row, i) => row.AppendValue(A(i))),
            ("DOUBLE", "AppendValue(double)", (row, i) => row.AppendValue(B(i))),
            ("VARCHAR", "AppendValue(string)", (row, i) => row.AppendValue(C(i))),
            ("TIMESTAMP", "AppendValue(DateTime)", (row, i) => row.AppendValue(D(i))),
            ("BOOLEAN", "AppendValue(bool)", (row, i) => row.AppendValue(E(i))),
        })
        {
            Execute(connection, $"create table one(v {type})");
            passes.Add(Measurement.Time($"Appender, one {type} column: {name}", rows, runs: 1, () => InsertOne(connection, rows, append), n => Expect(n, rows, "appended rows"), warmUp: false));
            Execute(connection, "drop table one");
        }

        return passes;
    }

    private static long Generate(long rows)
    {
        long sum = 0;
        for (long i = 0; i < rows; i++)
        {
            sum += A(i) + (long)B(i) + C(i).Length + D(i).Ticks + (E(i) ? 1 : 0);
        }

        return sum;
    }

    private static long InsertOne(DuckDbConnection connection, long rows, Func<DuckDbAppenderRow, long, DuckDbAppenderRow> append)
    {
        using var appender = connection.CreateAppender("one");
        for (long i = 0; i < rows; i++)
        {
            append(appender.CreateRow(), i).EndRow();
        }

        appender.Close();
        return appender.RowsAppended;
    }

    private static long ExecuteCount(DuckDbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQueryLong();
    }

    private static long ReadWith(DuckDbConnection connection, string sql, Func<DuckDbDataReader, long> body)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        return body(reader);
    }

    private static object Scalar(DuckDbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() ?? DBNull.Value;
    }

    private static void Execute(DuckDbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Expect<T>(T actual, T expected, string what)
        where T : IEquatable<T>
    {
        if (!actual.Equals(expected))
        {
            throw new InvalidOperationException($"Wrong {what}: got {actual}, expected {expected}.");
        }
    }

    private static string Report(
        BenchOptions options,
        DateTime started,
        MachineInfo machine,
        string source,
        Load load,
        object threads,
        long fileBytes,
        Measurement insert,
        Measurement typed,
        Measurement boxed,
        Measurement engine,
        double ratio,
        bool pass,
        Checksum expected,
        Diagnostics? diagnostics)
    {
        var rows = options.Rows;
        var text = new StringBuilder();
        text.AppendLine("# Logbook.DuckDb provider benchmark").AppendLine();
        text.AppendLine($"- Run (UTC): {started:yyyy-MM-dd HH:mm:ss}");
        var flags = (options.Runs != 3 ? $" --runs {options.Runs}" : "") + (options.ForceDiagnostics ? " --diagnostics" : "");
        text.AppendLine($"- Command: `dotnet run -c Release --project bench/Logbook.Bench -- provider --rows {rows}{flags}`");
        text.AppendLine($"- Provider source: {source}");
        text.AppendLine($"- Rows (N): {rows:N0}, table `t(a BIGINT, b DOUBLE, c VARCHAR, d TIMESTAMP, e BOOLEAN)`, no NULLs");
        text.AppendLine($"- Database: a file in a temporary folder (deleted afterwards), {fileBytes / 1024.0 / 1024.0:N1} MiB after CHECKPOINT");
        text.AppendLine($"- Timing: insert runs once (after a {WarmUpRows:N0}-row warm-up load into a scratch table); every read and scan "
            + $"runs once untimed (warm-up), then {options.Runs} timed runs (scan, typed and boxed read interleaved). **Figures are the median** of the timed runs; "
            + "best and every run are listed too.");
        text.AppendLine($"- Checksums: the typed and boxed reads both returned the checksum of the generated data ({expected.Digest:x16}).");
        text.AppendLine();

        BenchReport.AppendMachine(text, machine, threads, load, "the figures (and the ratio, whose two sides need different numbers of cores) are less reliable.");

        text.AppendLine("## Results").AppendLine();
        text.AppendLine("| Measurement | Rows/s (median) | Median s | Best s | Runs (s) | Managed alloc B/row |");
        text.AppendLine("|---|---:|---:|---:|---|---:|");
        foreach (var m in new[] { insert, typed, boxed, engine })
        {
            Row(text, m);
        }

        text.AppendLine();
        text.AppendLine($"**Reader / engine scan = {ratio:P1}** (typed read {typed.RowsPerSecond:N0} rows/s ÷ engine scan {engine.RowsPerSecond:N0} rows/s; "
            + $"target ≥ {Target:P0}): **{(pass ? "PASS" : "FAIL")}**");
        text.AppendLine();
        text.AppendLine($"Boxed read (GetValue) / engine scan = {boxed.RowsPerSecond / engine.RowsPerSecond:P1}; boxed / typed = {boxed.RowsPerSecond / typed.RowsPerSecond:P1}.");

        if (diagnostics is not null)
        {
            text.AppendLine();
            text.AppendLine("## Diagnostics: where the reader's time goes").AppendLine();
            text.AppendLine($"Each pass runs `{SelectAll}` (unless stated) and calls only what its name says; \"over Read()\" is the pass's "
                + "median minus the Read()-only pass's median, i.e. the cost of that getter alone. "
                + $"The passes ran interleaved, one warm-up then {diagnostics.Passes[0].Seconds.Count} rounds; figures are medians.");
            text.AppendLine();
            text.AppendLine("| Pass | Rows/s (median) | ns/row | ns/row over Read() | Median s | Runs (s) | Managed alloc B/row |");
            text.AppendLine("|---|---:|---:|---:|---:|---|---:|");
            foreach (var m in diagnostics.Passes)
            {
                var over = m.Name.StartsWith("Read() +", StringComparison.Ordinal) || m.Name == "Typed read (as in Results)"
                    ? $"{m.NanosecondsPerRow - diagnostics.ReadOnly.NanosecondsPerRow:N1}"
                    : "";
                text.AppendLine($"| {m.Name} | {m.RowsPerSecond:N0} | {m.NanosecondsPerRow:N1} | {over} | {m.Median:N3} | {Runs(m)} | {m.AllocatedBytesPerRow:N1} |");
            }

            text.AppendLine();
            text.AppendLine($"Run-to-run noise on this machine is several ns/row, so small or negative \"over Read()\" figures mean \"lost in the noise\".");
            text.AppendLine();
            text.AppendLine($"For comparison: typed read {typed.NanosecondsPerRow:N1} ns/row, engine scan {engine.NanosecondsPerRow:N1} ns/row "
                + $"(so the target means a typed read within {engine.NanosecondsPerRow / Target:N1} ns/row); "
                + $"Read() only is {diagnostics.ReadOnly.RowsPerSecond / engine.RowsPerSecond:P1} of the engine scan rate on its own.");
            text.AppendLine();
            text.AppendLine("### Insert breakdown").AppendLine();
            text.AppendLine($"One run each, N = {rows:N0} rows. The full appender insert above took {insert.NanosecondsPerRow:N1} ns/row "
                + $"({insert.AllocatedBytesPerRow:N1} B/row allocated, of which the generated `c` string is part of the benchmark, not the provider).");
            text.AppendLine();
            text.AppendLine("| Pass | Rows/s | ns/row | Seconds | Managed alloc B/row |");
            text.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var m in diagnostics.Insert)
            {
                text.AppendLine($"| {m.Name} | {m.RowsPerSecond:N0} | {m.NanosecondsPerRow:N1} | {m.Median:N3} | {m.AllocatedBytesPerRow:N1} |");
            }

            text.AppendLine();
            text.AppendLine("The SQL-inserted copy and the appended table have the same `sum(hash(a, b, c, d, e))`, so the appender stored exactly the values SQL produces.");
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, Measurement m) =>
        text.AppendLine($"| {m.Name} | {m.RowsPerSecond:N0} | {m.Median:N3} | {m.Best:N3} | {Runs(m)} | {m.AllocatedBytesPerRow:N1} |");

    private static string Runs(Measurement m) => BenchReport.Runs(m.Seconds);

    private sealed record Diagnostics(IReadOnlyList<Measurement> Passes, Measurement ReadOnly, IReadOnlyList<Measurement> Insert);
}

/// <summary>An order-independent digest of every value read (wrapping sums), compared with the generated data.</summary>
internal record struct Checksum
{
    public long Rows;
    public long Nulls;
    public long SumA;
    public long XorB;
    public long SumStrings;
    public long SumTicks;
    public long Trues;

    public void AddString(string value) => SumStrings += (value.Length * 31L) + value[^1];

    /// <summary>A deterministic 64-bit digest of the fields (the same in every process, unlike HashCode).</summary>
    public readonly ulong Digest
    {
        get
        {
            var hash = 14695981039346656037UL;
            foreach (var value in (ReadOnlySpan<long>)[Rows, Nulls, SumA, XorB, SumStrings, SumTicks, Trues])
            {
                hash = (hash ^ (ulong)value) * 1099511628211UL;
                hash ^= hash >> 29;
            }

            return hash;
        }
    }

    public static Checksum Expected(long rows)
    {
        var sum = default(Checksum);
        for (long i = 0; i < rows; i++)
        {
            sum.Rows++;
            sum.SumA += ProviderBenchmark.A(i);
            sum.XorB ^= BitConverter.DoubleToInt64Bits(ProviderBenchmark.B(i));
            sum.AddString(ProviderBenchmark.C(i));
            sum.SumTicks += ProviderBenchmark.D(i).Ticks;
            sum.Trues += ProviderBenchmark.E(i) ? 1 : 0;
        }

        return sum;
    }
}
