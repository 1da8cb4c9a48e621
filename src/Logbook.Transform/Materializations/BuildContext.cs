using System.Data.Common;
using Logbook.Transform.Execution;
using Logbook.Transform.Project;

namespace Logbook.Transform.Materializations;

/// <summary>What a materialization works with: the model, its compiled SQL and a connection of its own.</summary>
internal sealed class BuildContext(DbConnection connection, Logbook.Core.Warehouses.IWarehouse warehouse, ModelNode model, string sql, RelationCache relations, bool fullRefresh, Action<string, string?> step, CancellationToken cancellationToken)
{
    private DbTransaction? _transaction;

    public ModelNode Model { get; } = model;

    /// <summary>The model's compiled SELECT.</summary>
    public string Sql { get; } = sql;

    public RelationCache Relations { get; } = relations;

    public bool FullRefresh { get; } = fullRefresh;

    /// <summary>Records a step of the build (audit detail row).</summary>
    public void Step(string name, string? message) => step(name, message);

    /// <summary>Runs one statement; returns the driver's affected-row count, or null when it cannot tell (-1).</summary>
    public long? Execute(string statement)
    {
        using var command = connection.CreateCommand();
        command.CommandText = statement;
        command.Transaction = _transaction;
        using var registration = cancellationToken.Register(command.Cancel);
        var rows = command.ExecuteNonQuery();
        cancellationToken.ThrowIfCancellationRequested();
        return rows < 0 ? null : rows;
    }

    /// <summary>The views depending on a relation (see <see cref="Logbook.Core.Warehouses.IWarehouse.DependentViews"/>), read in the open transaction.</summary>
    public IReadOnlyList<Logbook.Core.Warehouses.DependentView> DependentViews(string schema, string name) =>
        warehouse.DependentViews(connection, _transaction, schema, name);

    /// <summary>Creates dropped dependent views again in the open transaction; returns those that could not be.</summary>
    public IReadOnlyList<(Logbook.Core.Warehouses.DependentView View, string Error)> RestoreViews(IReadOnlyList<Logbook.Core.Warehouses.DependentView> views) =>
        Logbook.Core.Warehouses.DependentViews.Restore(connection, _transaction, views);

    /// <summary>The column names of a relation, in order.</summary>
    public IReadOnlyList<string> Columns(string relation)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"select * from {relation} where 1 = 0";
        command.Transaction = _transaction;
        using var reader = command.ExecuteReader();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is committed, or none of it.</summary>
    public T InTransaction<T>(Func<T> work)
    {
        _transaction = connection.BeginTransaction();
        try
        {
            var result = work();
            _transaction.Commit();
            return result;
        }
        catch
        {
            try
            {
                _transaction.Rollback();
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                // The connection may already have aborted the transaction; the original error is what matters.
            }

            throw;
        }
        finally
        {
            _transaction.Dispose();
            _transaction = null;
        }
    }

    /// <summary>Best-effort clean-up (dropping a leftover temporary relation); errors are ignored.</summary>
    public void TryExecute(string statement)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // Nothing to do: the next run drops it before building.
        }
    }
}
