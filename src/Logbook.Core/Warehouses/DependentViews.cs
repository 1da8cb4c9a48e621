using System.Data.Common;

namespace Logbook.Core.Warehouses;

/// <summary>
/// Keeps the views over relations that are dropped and created again (a model's table swapped in, a sample
/// dataset replaced). PostgreSQL refuses to drop a relation that views depend on, and a <c>DROP ... CASCADE</c>
/// takes them with it; so the views are read first (<see cref="IWarehouse.DependentViews"/>) and created again over
/// the new relations, each under a savepoint so that one that no longer fits leaves the others.
/// </summary>
public static class DependentViews
{
    /// <summary>
    /// Creates <paramref name="views"/> again in their order, inside <paramref name="transaction"/>; returns those
    /// that could not be (with the engine's message), which stay dropped.
    /// </summary>
    public static IReadOnlyList<(DependentView View, string Error)> Restore(DbConnection connection, DbTransaction? transaction, IEnumerable<DependentView> views)
    {
        // Passes until one creates nothing more: a view over another view may come first in the list when views
        // were gathered from several dropped relations.
        var remaining = views.ToList();
        while (true)
        {
            var failed = Pass(connection, transaction, remaining);
            if (failed.Count == 0 || failed.Count == remaining.Count)
            {
                return failed;
            }

            remaining = [.. failed.Select(f => f.View)];
        }
    }

    private static List<(DependentView View, string Error)> Pass(DbConnection connection, DbTransaction? transaction, List<DependentView> views)
    {
        var failed = new List<(DependentView, string)>();
        foreach (var view in views)
        {
            Execute(connection, transaction, "savepoint logbook_restore_view");
            try
            {
                Execute(connection, transaction, $"create view {SqlIdentifier.Qualified(view.Schema, view.Name)} as\n{view.Definition.TrimEnd().TrimEnd(';')}");
                Execute(connection, transaction, "release savepoint logbook_restore_view");
            }
            catch (DbException e)
            {
                Execute(connection, transaction, "rollback to savepoint logbook_restore_view");
                failed.Add((view, e.Message.Split('\n', 2)[0].Trim()));
            }
        }

        return failed;
    }

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
