using System.Collections;
using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Logbook.Core.Templates;
using Logbook.Core.Warehouses;

namespace Logbook.Bench;

/// <summary>
/// Wall time spent inside warehouse calls made from any number of threads: the <see cref="SqlTime.Sum"/> over
/// calls (thread time), and the <see cref="SqlTime.Busy"/> wall time during which at least one call was running
/// (the union of the calls' intervals, never more than the elapsed time).
/// </summary>
internal sealed class SqlClock
{
    private readonly Lock _gate = new();
    private int _active;
    private long _busySince;
    private long _busy;
    private long _sum;
    private readonly Dictionary<string, (int Count, long Ticks)> _kinds = new(StringComparer.Ordinal);

    public T Time<T>(Func<T> call) => Time(call, kind: null);

    public void Time(Action call) => Time(Done(call), kind: null);

    /// <summary>
    /// Times a statement's execution and counts it under <paramref name="kind"/> (a reader's later Read() calls
    /// are timed, but not added to the kind).
    /// </summary>
    public T Statement<T>(Func<T> call, string kind) => Time(call, kind);

    public void Statement(Action call, string kind) => Time(Done(call), kind);

    public SqlTime Snapshot()
    {
        lock (_gate)
        {
            return new SqlTime(Seconds(_busy), Seconds(_sum), _kinds.Values.Sum(k => k.Count));
        }
    }

    /// <summary>Statements by kind: how many ran and the seconds their execution took, summed.</summary>
    public IReadOnlyDictionary<string, (int Count, double Seconds)> Kinds()
    {
        lock (_gate)
        {
            return _kinds.ToDictionary(k => k.Key, k => (k.Value.Count, Seconds(k.Value.Ticks)), StringComparer.Ordinal);
        }
    }

    private static Func<int> Done(Action call) => () =>
    {
        call();
        return 0;
    };

    private T Time<T>(Func<T> call, string? kind)
    {
        long started;
        lock (_gate)
        {
            started = Stopwatch.GetTimestamp();
            if (_active++ == 0)
            {
                _busySince = started;
            }
        }

        try
        {
            return call();
        }
        finally
        {
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                _sum += now - started;
                if (--_active == 0)
                {
                    _busy += now - _busySince;
                }

                if (kind is not null)
                {
                    var (count, ticks) = _kinds.GetValueOrDefault(kind);
                    _kinds[kind] = (count + 1, ticks + (now - started));
                }
            }
        }
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}

/// <summary>What a <see cref="SqlClock"/> measured: seconds of wall time busy, seconds summed over calls, statements run (transaction begin/commit/rollback included).</summary>
internal readonly record struct SqlTime(double Busy, double Sum, int Statements);

/// <summary>
/// An <see cref="IWarehouse"/> decorator that times every call into the warehouse: statements (execute, then each
/// Read() and the disposal of a reader) on <see cref="Models"/>, or on <see cref="Audit"/> when the statement's
/// text names <paramref name="auditMarker"/> (the quoted audit schema: only the audit log's statements do); and
/// opening and closing connections and transactions (begin, commit, rollback) on <see cref="Models"/>, as
/// warehouse work that is not the audit log's (the audit log writes in autocommit).
/// </summary>
internal sealed partial class TimedWarehouse(IWarehouse inner, string auditMarker) : IWarehouse
{
    public SqlClock Models { get; } = new();

    public SqlClock Audit { get; } = new();

    public WarehouseKind Kind => inner.Kind;

    public string Description => inner.Description;

    public ISqlDialect Dialect => inner.Dialect;

    public string DefaultSchema => inner.DefaultSchema;

    public string DescribeError(Exception exception) => inner.DescribeError(exception);

    public IReadOnlyList<DependentView> DependentViews(DbConnection connection, DbTransaction? transaction, string schema, string name) =>
        inner.DependentViews(connection is TimedConnection timed ? timed.Inner : connection, transaction is TimedTransaction t ? t.Inner : transaction, schema, name);

    public DbConnection OpenConnection() => new TimedConnection(Models.Time(inner.OpenConnection), this);

    /// <summary>Bulk loads are not timed statement by statement; they go to the inner connection.</summary>
    public IBulkWriter OpenBulkWriter(DbConnection connection, string schema, string table) =>
        inner.OpenBulkWriter(connection is TimedConnection timed ? timed.Inner : connection, schema, table);

    /// <summary>The clock a statement's time goes to.</summary>
    internal SqlClock ClockFor(string? commandText) =>
        commandText is not null && commandText.Contains(auditMarker, StringComparison.Ordinal) ? Audit : Models;

    /// <summary>
    /// A statement's kind: its first line, names other than the audit tables' replaced by <c>&lt;name&gt;</c> (so
    /// every model's <c>create table … as</c> is one kind), at most 60 characters.
    /// </summary>
    internal string KindOf(string? commandText)
    {
        var text = (commandText ?? string.Empty).TrimStart();
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var line = Names().Replace(newline < 0 ? text : text[..newline], m => m.Value.StartsWith(auditMarker, StringComparison.Ordinal) ? m.Value : "<name>").Trim();
        return line.Length <= 60 ? line : line[..59] + "…";
    }

    [GeneratedRegex("\"[^\"]*\"(\\.\"[^\"]*\")?")]
    private static partial Regex Names();
}

internal sealed class TimedConnection(DbConnection inner, TimedWarehouse warehouse) : DbConnection
{
    public DbConnection Inner => inner;

    /// <summary>Where opening and closing the connection and its transactions are timed.</summary>
    public SqlClock WarehouseClock => warehouse.Models;

    [AllowNull]
    public override string ConnectionString
    {
        get => inner.ConnectionString;
        set => inner.ConnectionString = value;
    }

    public override string Database => inner.Database;

    public override string DataSource => inner.DataSource;

    public override string ServerVersion => inner.ServerVersion;

    public override ConnectionState State => inner.State;

    public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);

    public override void Close() => inner.Close();

    public override void Open() => inner.Open();

    internal SqlClock ClockFor(string? commandText) => warehouse.ClockFor(commandText);

    internal string KindOf(string? commandText) => warehouse.KindOf(commandText);

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
        new TimedTransaction(WarehouseClock.Statement(() => inner.BeginTransaction(isolationLevel), "(begin transaction)"), this);

    protected override DbCommand CreateDbCommand() => new TimedCommand(inner.CreateCommand(), this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            WarehouseClock.Time(inner.Dispose);
        }

        base.Dispose(disposing);
    }
}

internal sealed class TimedTransaction(DbTransaction inner, TimedConnection connection) : DbTransaction
{
    public DbTransaction Inner => inner;

    public override IsolationLevel IsolationLevel => inner.IsolationLevel;

    protected override DbConnection DbConnection => connection;

    public override void Commit() => connection.WarehouseClock.Statement(inner.Commit, "(commit)");

    public override void Rollback() => connection.WarehouseClock.Statement(inner.Rollback, "(rollback)");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

internal sealed class TimedCommand(DbCommand inner, TimedConnection connection) : DbCommand
{
    private TimedConnection? _connection = connection;
    private TimedTransaction? _transaction;

    [AllowNull]
    public override string CommandText
    {
        get => inner.CommandText;
        set => inner.CommandText = value;
    }

    public override int CommandTimeout
    {
        get => inner.CommandTimeout;
        set => inner.CommandTimeout = value;
    }

    public override CommandType CommandType
    {
        get => inner.CommandType;
        set => inner.CommandType = value;
    }

    public override UpdateRowSource UpdatedRowSource
    {
        get => inner.UpdatedRowSource;
        set => inner.UpdatedRowSource = value;
    }

    public override bool DesignTimeVisible
    {
        get => inner.DesignTimeVisible;
        set => inner.DesignTimeVisible = value;
    }

    protected override DbConnection? DbConnection
    {
        get => _connection;
        set
        {
            _connection = (TimedConnection?)value;
            inner.Connection = _connection?.Inner;
        }
    }

    protected override DbParameterCollection DbParameterCollection => inner.Parameters;

    protected override DbTransaction? DbTransaction
    {
        get => _transaction;
        set
        {
            _transaction = (TimedTransaction?)value;
            inner.Transaction = _transaction?.Inner;
        }
    }

    private TimedConnection Owner => _connection ?? throw new InvalidOperationException("The command has no connection.");

    private SqlClock Clock => Owner.ClockFor(inner.CommandText);

    private string Kind => Owner.KindOf(inner.CommandText);

    public override void Cancel() => inner.Cancel();

    public override int ExecuteNonQuery() => Clock.Statement(inner.ExecuteNonQuery, Kind);

    public override object? ExecuteScalar() => Clock.Statement(inner.ExecuteScalar, Kind);

    public override void Prepare() => Clock.Time(inner.Prepare);

    protected override DbParameter CreateDbParameter() => inner.CreateParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        var clock = Clock;
        return new TimedReader(clock.Statement(() => inner.ExecuteReader(behavior), Kind), clock);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A reader whose Read(), NextResult() and disposal are timed (fetching is the warehouse's work); getters are not.</summary>
internal sealed class TimedReader(DbDataReader inner, SqlClock clock) : DbDataReader
{
    public override object this[int ordinal] => inner[ordinal];

    public override object this[string name] => inner[name];

    public override int Depth => inner.Depth;

    public override int FieldCount => inner.FieldCount;

    public override bool HasRows => inner.HasRows;

    public override bool IsClosed => inner.IsClosed;

    public override int RecordsAffected => inner.RecordsAffected;

    public override bool Read() => clock.Time(inner.Read);

    public override bool NextResult() => clock.Time(inner.NextResult);

    public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);

    public override byte GetByte(int ordinal) => inner.GetByte(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    public override char GetChar(int ordinal) => inner.GetChar(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);

    public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);

    public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);

    public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    [return: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.PublicProperties)]
    public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);

    public override T GetFieldValue<T>(int ordinal) => inner.GetFieldValue<T>(ordinal);

    public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);

    public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);

    public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);

    public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);

    public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);

    public override string GetName(int ordinal) => inner.GetName(ordinal);

    public override int GetOrdinal(string name) => inner.GetOrdinal(name);

    public override string GetString(int ordinal) => inner.GetString(ordinal);

    public override object GetValue(int ordinal) => inner.GetValue(ordinal);

    public override int GetValues(object[] values) => inner.GetValues(values);

    public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);

    public override void Close() => clock.Time(inner.Close);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            clock.Time(inner.Dispose);
        }

        base.Dispose(disposing);
    }
}
