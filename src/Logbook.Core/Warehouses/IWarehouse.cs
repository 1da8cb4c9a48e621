using System.Data.Common;
using Logbook.Core.Templates;

namespace Logbook.Core.Warehouses;

/// <summary>A place Logbook reads and writes analytics tables.</summary>
public interface IWarehouse
{
    WarehouseKind Kind { get; }

    /// <summary>A one-line, human description (engine, location, options); never contains a secret.</summary>
    string Description { get; }

    /// <summary>The SQL dialect models compile to on this warehouse.</summary>
    ISqlDialect Dialect { get; }

    /// <summary>The schema models are built in unless they configure their own (the target's <c>schema</c>).</summary>
    string DefaultSchema { get; }

    /// <summary>Opens a new connection; the caller disposes it.</summary>
    DbConnection OpenConnection();

    /// <summary>
    /// Opens a bulk load into the existing table <paramref name="schema"/>.<paramref name="table"/> on
    /// <paramref name="connection"/>, which this warehouse opened (<see cref="OpenConnection"/>). The rows join the
    /// connection's open transaction, if any. See <see cref="IBulkWriter"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The connection is not one of this warehouse's.</exception>
    IBulkWriter OpenBulkWriter(DbConnection connection, string schema, string table);

    /// <summary>One line describing an error the warehouse raised: the engine's own message, without stack or SQL dumps.</summary>
    string DescribeError(Exception exception);

    /// <summary>
    /// The views that depend on <paramref name="schema"/>.<paramref name="name"/>, directly or through other views,
    /// in the order they can be created again, with their definitions: what a <c>DROP ... CASCADE</c> of the
    /// relation would take with it. Engines that do not track view dependencies (DuckDB) have none.
    /// </summary>
    IReadOnlyList<DependentView> DependentViews(DbConnection connection, DbTransaction? transaction, string schema, string name) => [];
}

/// <summary>A view that depends on a relation, and the SELECT that defines it.</summary>
public sealed record DependentView(string Schema, string Name, string Definition);
