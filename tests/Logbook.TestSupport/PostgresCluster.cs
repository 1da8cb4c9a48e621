using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Logbook.TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests of one test process: <c>initdb</c> into a temporary folder, started
/// with <c>pg_ctl</c> on a free loopback port with durability off (fsync, synchronous commit and full-page writes:
/// the data is thrown away anyway). PostgreSQL refuses to run as root, so as root the server runs as the
/// <c>postgres</c> user (through <c>runuser</c>). <see cref="Shared"/> starts one cluster on first use; it is stopped
/// and its folder removed when the test process exits, and a watchdog does the same if the process is killed.
/// Every test takes a database of its own (<see cref="CreateDatabase"/>).
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    public const string InstallHint = "apt-get install -y postgresql (PostgreSQL 15: initdb, pg_ctl and postgres)";

    private static readonly Lazy<PostgresCluster> s_shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _binaries;
    private readonly string _folder;
    private readonly bool _asPostgresUser;
    private int _databases;
    private bool _stopped;

    private PostgresCluster(string binaries, string folder, int port, bool asPostgresUser)
    {
        _binaries = binaries;
        _folder = folder;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The cluster of this test process, started on first use.</summary>
    public static PostgresCluster Shared => s_shared.Value;

    public int Port { get; }

    /// <summary>The superuser; connections authenticate with <see cref="Password"/> (SCRAM), so a wrong one is refused as in production.</summary>
    public string User => "postgres";

    public const string Password = "logbook-test";

    public string DataDirectory => Path.Combine(_folder, "data");

    /// <summary>A keyword connection string to <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={User};Password={Password};Database={database};Pooling=false;Timeout=15";

    /// <summary>
    /// A <c>profiles.yml</c> whose profile <paramref name="profile"/> has one <c>type: postgres</c> target,
    /// <paramref name="target"/>, on <paramref name="database"/> of this cluster, the password read with
    /// <c>env_var(<paramref name="passwordVariable"/>)</c>. Without <paramref name="pooling"/> each warehouse keeps no
    /// idle connections (tests make a warehouse per test).
    /// </summary>
    public string Profile(string profile, string target, string database, string passwordVariable, bool pooling) => $$$"""
        {{{profile}}}:
          target: {{{target}}}
          outputs:
            {{{target}}}:
              type: postgres
              host: 127.0.0.1
              port: {{{Port.ToString(CultureInfo.InvariantCulture)}}}
              user: {{{User}}}
              password: "{{ env_var('{{{passwordVariable}}}') }}"
              dbname: {{{database}}}
        """ + (pooling ? "\n" : "\n      connection_string: \"Pooling=false\"\n");

    /// <summary>Creates an empty database with a fresh name and returns the name.</summary>
    public string CreateDatabase(string prefix = "t")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        Psql("postgres", $"CREATE DATABASE \"{name}\"");
        return name;
    }

    /// <summary>Runs SQL through psql (used before any Logbook code is involved); throws with psql's output on failure.</summary>
    public string Psql(string database, string sql) =>
        Run(Path.Combine(_binaries, "psql"), ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], asPostgres: false);

    private static PostgresCluster Start()
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException($"PostgreSQL's initdb and pg_ctl were not found on PATH or under /usr/lib/postgresql/*/bin; install them: {InstallHint}");
        var asPostgres = Environment.UserName == "root";
        // As root the server runs as postgres, which must reach the folder: /tmp, whatever TMPDIR says.
        var folder = Path.Combine(asPostgres ? "/tmp" : Path.GetTempPath(), $"logbook-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        if (asPostgres)
        {
            // The server's user must own its folder, and reach it through the temp folder.
            RunProcess("chown", ["postgres:postgres", folder], asPostgres: false, folder);
        }

        var port = FreePort();
        var cluster = new PostgresCluster(binaries, folder, port, asPostgres);
        try
        {
            var passwordFile = Path.Combine(folder, "password");
            File.WriteAllText(passwordFile, Password + "\n");
            if (asPostgres)
            {
                RunProcess("chown", ["postgres:postgres", passwordFile], asPostgres: false, folder);
            }

            cluster.Run(Path.Combine(binaries, "initdb"), ["-D", cluster.DataDirectory, "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C", "--no-sync"], asPostgres);
            cluster.Run(Path.Combine(binaries, "pg_ctl"), [
                "-D", cluster.DataDirectory, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o",
                $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start"], asPostgres);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }

        cluster.StartWatchdog();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster;
    }

    /// <summary>Stops the server (immediately: nothing in it is kept) and deletes its folder.</summary>
    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                Run(Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], _asPostgresUser);
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder still goes.
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// A shell that waits for this process to end, however it ends (SIGKILL included), then stops the server and
    /// removes the folder, so no cluster outlives its test run.
    /// </summary>
    private void StartWatchdog()
    {
        var pgCtl = Path.Combine(_binaries, "pg_ctl");
        var stop = _asPostgresUser ? $"runuser -u postgres -- {pgCtl}" : pgCtl;
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; "
            + $"{stop} -D '{DataDirectory}' -m immediate stop >/dev/null 2>&1; rm -rf '{_folder}'";
        var start = new ProcessStartInfo("setsid", ["sh", "-c", script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process.Start(start)?.Dispose();
    }

    private string Run(string file, IReadOnlyList<string> arguments, bool asPostgres) => RunProcess(file, arguments, asPostgres, _folder);

    private static string RunProcess(string file, IReadOnlyList<string> arguments, bool asPostgres, string folder)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. arguments])
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = "/";
        start.Environment["PGPASSWORD"] = Password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish within 2 minutes");
        }

        if (process.ExitCode != 0)
        {
            var log = Path.Combine(folder, "server.log");
            var tail = File.Exists(log) ? "\n" + string.Join("\n", File.ReadLines(log).TakeLast(20)) : "";
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output.Result}{tail}");
        }

        return output.Result.Trim();
    }

    private static string? FindBinaries()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(folder, "initdb");
            if (File.Exists(initdb) && File.Exists(Path.Combine(folder, "pg_ctl")))
            {
                // /usr/local/bin/initdb links into /usr/lib/postgresql/15/bin, where psql and postgres live too.
                var target = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
                return Path.GetDirectoryName(target);
            }
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
