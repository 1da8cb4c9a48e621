using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Logbook.Audit;

/// <summary>
/// The summary rows of one invocation as they happen (a job's start before it runs, its outcome when it ends),
/// appended to a local file. Appending a line and handing it to the kernel costs microseconds, where an awaited
/// warehouse commit costs milliseconds per job; the line survives a SIGKILL of the process (it is in the page
/// cache), so a later run can put back what never reached the warehouse: finished jobs with their outcome, the
/// rest as <c>started</c>, to be marked <c>abandoned</c>. A run that ends normally has written every row to the
/// warehouse and deletes its journal. One file per invocation:
/// <c>&lt;invocation&gt;.jsonl</c> in the journal folder (by default next to the DuckDB file).
/// </summary>
internal sealed class AuditJournal : IDisposable
{
    private const string Extension = ".jsonl";

    private readonly string _path;
    private readonly Lock _gate = new();
    private FileStream? _file;
    private bool _broken;

    private AuditJournal(string path) => _path = path;

    /// <summary>The journal of <paramref name="invocationId"/> in <paramref name="directory"/> (created on the first append).</summary>
    public static AuditJournal For(string directory, string invocationId) =>
        new(Path.Combine(directory, SafeFileName(invocationId) + Extension));

    /// <summary>
    /// Appends one entry and hands it to the kernel (no fsync: the journal protects against a killed
    /// process, not a lost machine). Returns false when the journal cannot be written; the caller then falls back
    /// to waiting for the warehouse commit.
    /// </summary>
    public bool Append(JournalEntry entry)
    {
        lock (_gate)
        {
            if (_broken)
            {
                return false;
            }

            try
            {
                if (_file is null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                    _file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
                }

                var json = JsonSerializer.SerializeToUtf8Bytes(entry, AuditJournalJson.Default.JournalEntry);
                var line = new byte[json.Length + 1];
                json.CopyTo(line, 0);
                line[^1] = (byte)'\n';
                _file.Write(line);
                _file.Flush(flushToDisk: false);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _broken = true;
                return false;
            }
        }
    }

    /// <summary>Closes and deletes the journal: every row it holds has reached the warehouse.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
            TryDelete(_path);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    /// <summary>Whether other invocations left journals in <paramref name="directory"/> (their names only: nothing is read).</summary>
    public static bool HasLeftovers(string directory, string ownInvocationId) => LeftoverFiles(directory, ownInvocationId).Any();

    /// <summary>
    /// Journals in <paramref name="directory"/> left by other invocations, with the rows they hold. A line cut
    /// short by the kill is skipped. Files that vanish meanwhile (another run recovered them) are skipped too.
    /// </summary>
    public static IEnumerable<(string Path, IReadOnlyList<JournalEntry> Entries)> Leftovers(string directory, string ownInvocationId)
    {
        foreach (var file in LeftoverFiles(directory, ownInvocationId))
        {
            List<JournalEntry>? rows = null;
            try
            {
                rows = [];
                foreach (var line in File.ReadLines(file, Encoding.UTF8))
                {
                    if (TryParse(line) is { } row)
                    {
                        rows.Add(row);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                rows = null;
            }

            if (rows is not null)
            {
                yield return (file, rows);
            }
        }
    }

    private static IEnumerable<string> LeftoverFiles(string directory, string ownInvocationId)
    {
        string[] files;
        try
        {
            files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*" + Extension) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        var own = SafeFileName(ownInvocationId) + Extension;
        return files.Where(f => !string.Equals(Path.GetFileName(f), own, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A journal that cannot be deleted is replayed again later; the replay is idempotent.
        }
    }

    private static JournalEntry? TryParse(string line)
    {
        try
        {
            return line.Length == 0 ? null : JsonSerializer.Deserialize(line, AuditJournalJson.Default.JournalEntry);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Invocation ids are GUIDs in practice; anything else is reduced to file-name-safe characters.</summary>
    private static string SafeFileName(string invocationId)
    {
        var builder = new StringBuilder(invocationId.Length);
        foreach (var c in invocationId)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return builder.Length == 0 ? "invocation" : builder.ToString(0, Math.Min(builder.Length, 120)) + "-" + ((uint)StableHash(invocationId)).ToString("x8", CultureInfo.InvariantCulture);
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}

/// <summary>One journal line: a job's start or its outcome.</summary>
internal sealed record JournalEntry(StartedRow? Start, OutcomeRow? End);

[System.Text.Json.Serialization.JsonSerializable(typeof(JournalEntry))]
internal sealed partial class AuditJournalJson : System.Text.Json.Serialization.JsonSerializerContext;
