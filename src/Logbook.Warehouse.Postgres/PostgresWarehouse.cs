using System.Data.Common;
using System.Net.Sockets;
using Logbook.Core.Configuration;
using Logbook.Core.Templates;
using Logbook.Core.Warehouses;
using Npgsql;

namespace Logbook.Warehouse.Postgres;

/// <summary>
/// The PostgreSQL warehouse (a <c>type: postgres</c> target; settings in <see cref="PostgresTargetSettings"/>), on
/// Npgsql with its connection pool. The first connection installs the dialect's helper functions when they are
/// missing. Errors are described in one line: PostgreSQL's SQLSTATE and message, or why the server was not reached.
/// </summary>
public sealed class PostgresWarehouse : IWarehouse
{
    private readonly WarehouseTarget _target;
    private readonly NpgsqlDataSource _dataSource;
    private readonly Lock _helpersGate = new();
    private volatile bool _helpersReady;

    private PostgresWarehouse(WarehouseTarget target, NpgsqlConnectionStringBuilder builder)
    {
        _target = target;
        Host = builder.Host!;
        Port = builder.Port;
        Database = builder.Database!;
        User = builder.Username;
        CommandTimeout = builder.CommandTimeout;
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public string Host { get; }

    public int Port { get; }

    public string Database { get; }

    public string? User { get; }

    /// <summary>Seconds a statement may run (the target's <c>command_timeout</c>); 0, the default, for no limit: models run long.</summary>
    public int CommandTimeout { get; }

    public WarehouseKind Kind => WarehouseKind.Postgres;

    public ISqlDialect Dialect => SqlDialects.Postgres;

    /// <summary>The target's <c>schema</c> setting, else <c>public</c>.</summary>
    public string DefaultSchema => _target.Get("schema") is { Length: > 0 } schema ? schema : "public";

    /// <summary>Where the warehouse is; never the password.</summary>
    public string Description => $"PostgreSQL database {Database} on {Host}:{Port}{(User is null ? string.Empty : " as " + User)}";

    /// <summary>Builds the warehouse for a <c>type: postgres</c> target. Nothing is opened yet.</summary>
    /// <exception cref="LogbookConfigurationException">A setting is unknown, missing or invalid.</exception>
    public static PostgresWarehouse FromTarget(WarehouseTarget target)
    {
        if (target.Type != WarehouseKind.Postgres)
        {
            throw new ArgumentException($"Target '{target.Name}' is a {target.Type.ToConfigName()} target, not postgres.", nameof(target));
        }

        return new PostgresWarehouse(target, PostgresTargetSettings.Build(target));
    }

    public DbConnection OpenConnection()
    {
        var connection = _dataSource.CreateConnection();
        try
        {
            connection.Open();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            connection.Dispose();
            // Say where, since the caller only sees a DbException: which server, and why it would not have us.
            throw new PostgresConnectionException(Describe(e, this, connecting: true), e);
        }

        try
        {
            EnsureHelpers(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public IBulkWriter OpenBulkWriter(DbConnection connection, string schema, string table) =>
        connection is NpgsqlConnection npgsql
            ? PostgresBulkWriter.Open(npgsql, schema, table)
            : throw new ArgumentException($"A PostgreSQL bulk load needs an Npgsql connection, not a {connection.GetType().Name}.", nameof(connection));

    /// <summary>Views on the relation, and views on those, from the catalog (pg_depend through each view's rewrite rule).</summary>
    public IReadOnlyList<DependentView> DependentViews(DbConnection connection, DbTransaction? transaction, string schema, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            with recursive dependents(oid, depth) as (
                select distinct view_class.oid, 1
                from pg_depend d
                join pg_rewrite r on r.oid = d.objid and d.classid = 'pg_rewrite'::regclass
                join pg_class view_class on view_class.oid = r.ev_class and view_class.relkind = 'v'
                where d.refobjid = (select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2)
                  and view_class.oid <> d.refobjid
                union all
                select view_class.oid, dependents.depth + 1
                from dependents
                join pg_depend d on d.refobjid = dependents.oid
                join pg_rewrite r on r.oid = d.objid and d.classid = 'pg_rewrite'::regclass
                join pg_class view_class on view_class.oid = r.ev_class and view_class.relkind = 'v'
                where view_class.oid <> dependents.oid and dependents.depth < 50
            )
            select n.nspname, c.relname, pg_get_viewdef(c.oid)
            from (select oid, max(depth) as depth from dependents group by oid) v
            join pg_class c on c.oid = v.oid join pg_namespace n on n.oid = c.relnamespace
            order by v.depth, n.nspname, c.relname
            """;
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        using var reader = command.ExecuteReader();
        var views = new List<DependentView>();
        while (reader.Read())
        {
            views.Add(new DependentView(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return views;
    }

    public string DescribeError(Exception exception) => exception is PostgresConnectionException ? exception.Message : Describe(exception, this, connecting: false);

    /// <summary>One line for a PostgreSQL or connection error; false for any other exception.</summary>
    public static bool TryDescribeError(Exception exception, out string description)
    {
        if (exception is PostgresConnectionException connect)
        {
            description = connect.Message;
            return true;
        }

        if (exception is NpgsqlException or PostgresException)
        {
            description = Describe(exception, null, connecting: false);
            return true;
        }

        description = string.Empty;
        return false;
    }

    private static string Describe(Exception exception, PostgresWarehouse? warehouse, bool connecting) =>
        Describe(
            exception,
            warehouse is null ? "the PostgreSQL server" : $"PostgreSQL at {warehouse.Host}:{warehouse.Port}/{warehouse.Database}",
            warehouse?.CommandTimeout,
            connecting);

    /// <summary>One line for an Npgsql error; <paramref name="where"/> names the server, as in "PostgreSQL at host:5432/db".</summary>
    internal static string Describe(Exception exception, string where, int? commandTimeout, bool connecting)
    {
        switch (exception)
        {
            case PostgresException { SqlState: "28P01" or "28000" } auth:
                return $"authentication failed for {where}: {auth.MessageText}";
            case PostgresException { SqlState: "3D000" } missing:
                return $"cannot connect to {where}: {missing.MessageText}";
            case PostgresException postgres:
                var position = postgres.Position > 0 ? $" (at character {postgres.Position})" : string.Empty;
                return $"{postgres.MessageText}{position} [SQLSTATE {postgres.SqlState}]";
            case NpgsqlException { InnerException: SocketException socket }:
                return $"cannot connect to {where}: {socket.Message}";
            case NpgsqlException { InnerException: TimeoutException } or TimeoutException:
                return connecting
                    ? $"cannot connect to {where}: timed out"
                    : $"the statement timed out after {commandTimeout?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} s (the target's command_timeout; 0 = none)";
            default:
                var message = (exception.InnerException is { } inner && exception is NpgsqlException ? $"{exception.Message} {inner.Message}" : exception.Message).AsSpan().Trim();
                var newline = message.IndexOfAny('\r', '\n');
                return (newline < 0 ? message : message[..newline]).ToString();
        }
    }

    private void EnsureHelpers(NpgsqlConnection connection)
    {
        if (_helpersReady)
        {
            return;
        }

        lock (_helpersGate)
        {
            if (_helpersReady)
            {
                return;
            }

            using (var check = connection.CreateCommand())
            {
                check.CommandText = PostgresHelpers.IsCurrentSql;
                if (check.ExecuteScalar() is true)
                {
                    _helpersReady = true;
                    return;
                }
            }

            using var transaction = connection.BeginTransaction();
            try
            {
                foreach (var statement in PostgresHelpers.Install())
                {
                    using var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = statement;
                    command.ExecuteNonQuery();
                }

                transaction.Commit();
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ReadOnlySqlTransaction)
            {
                // A user who may not create them can still query and run models that do not call the safe
                // helpers; one that does fails naming the missing logbook_util function.
                transaction.Rollback();
            }

            _helpersReady = true;
        }
    }
}

/// <summary>The server could not be reached or refused the login; the message says where and why, in one line.</summary>
public sealed class PostgresConnectionException(string message, Exception inner) : DbException(message, inner);
