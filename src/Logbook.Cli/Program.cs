using System.CommandLine;
using System.CommandLine.Invocation;
using System.Data.Common;
using Logbook.Cli.Commands;
using Logbook.Core.Configuration;
using Logbook.Core.Selection;
using Logbook.Hosting;
using Logbook.Transform.Project;

namespace Logbook.Cli;

/// <summary>
/// The <c>logbook</c> command line. Errors are one <c>error: ...</c> line on stderr: exit 1 for run-time and SQL
/// errors, 2 for usage and configuration errors.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error, environment: null, interactive: !Console.IsOutputRedirected);

    /// <summary>Runs the command line in-process, writing to the given writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, environment: null);

    /// <summary>As <see cref="Run(string[], TextWriter, TextWriter)"/>, reading configuration from <paramref name="environment"/>.</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, ConfigurationEnvironment? environment, bool interactive = false)
    {
        try
        {
            var context = new CliContext(stdout, stderr, environment ?? ConfigurationEnvironment.FromProcess(), interactive);
            var root = BuildRootCommand(context);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
            {
                stderr.WriteLine($"error: {Flatten(parse.Errors[0].Message)} (see 'logbook --help')");
                return ExitCodes.UsageError;
            }

            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is LogbookConfigurationException or ProjectException or SelectionException or Logbook.Core.Replication.ReplicationException)
        {
            return Fail(stderr, e.Message, ExitCodes.UsageError);
        }
        catch (DbException e)
        {
            return Fail(stderr, LogbookHost.DescribeError(e), ExitCodes.RuntimeError);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or InvalidOperationException
                                       or InvalidCastException or TimeoutException or OperationCanceledException or DllNotFoundException
                                       or System.Net.Http.HttpRequestException)
        {
            return Fail(stderr, e.Message, ExitCodes.RuntimeError);
        }
        catch (Exception e)
        {
            return Fail(stderr, $"{e.GetType().Name}: {e.Message}", ExitCodes.RuntimeError);
        }
    }

    internal static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand("Logbook: turns data-pipeline audit logs into analytics.");
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new VersionAction(context.Out);
        }

        root.Subcommands.Add(SqlCommand.Create(context));
        root.Subcommands.Add(DebugCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        foreach (var command in ModelCommands.Create(context))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(ListCommand.Create(context));
        root.Subcommands.Add(DocsCommand.Create(context));
        root.Subcommands.Add(SampleCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(ConnectorCommand.Create(context));
        root.Subcommands.Add(SyncCommand.Create(context));
        foreach (var command in ServeCommands.Create(context))
        {
            root.Subcommands.Add(command);
        }
        root.Subcommands.Add(ReportCommand.Create(context));
        return root;
    }

    /// <summary>The product version and, when the library loads, DuckDB's: <c>logbook 0.1.0 (DuckDB v1.5.6)</c>.</summary>
    internal static string VersionLine()
    {
        string engine;
        try
        {
            engine = $"DuckDB {LogbookHost.DuckDbVersion}";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException)
        {
            engine = "DuckDB library not loadable";
        }

        return $"logbook {LogbookHost.ProductVersion} ({engine})";
    }

    private static int Fail(TextWriter stderr, string message, int exitCode)
    {
        stderr.WriteLine($"error: {OneLine(message)}");
        return exitCode;
    }

    /// <summary>A multi-line message (System.CommandLine lists allowed values one per line) as one line.</summary>
    private static string Flatten(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string OneLine(string message)
    {
        var text = message.AsSpan().Trim();
        var newline = text.IndexOfAny('\r', '\n');
        return (newline < 0 ? text : text[..newline]).ToString();
    }

    private sealed class VersionAction(TextWriter output) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            output.WriteLine(VersionLine());
            return ExitCodes.Success;
        }
    }
}
