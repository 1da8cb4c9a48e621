using Logbook.Transform.Execution;
using Logbook.Transform.Project;

namespace Logbook.Transform.Materializations;

/// <summary>
/// The build strategies. The SQL is standard (CREATE ... AS, WITH NO DATA, DELETE ... WHERE EXISTS, MERGE) and runs
/// on DuckDB and PostgreSQL alike; every step that replaces data runs in one transaction. The models' schemas exist
/// already: the run creates them once, up front (RunTask), not once per model.
/// </summary>
internal static class Materializer
{
    /// <summary>Builds the model; returns the rows written, or null when the engine cannot tell (views).</summary>
    public static long? Build(BuildContext context) => context.Model.Config.Materialized switch
    {
        Materialization.View => BuildView(context),
        Materialization.Table => BuildTable(context),
        Materialization.Incremental => BuildIncremental(context),
        _ => null,
    };

    private static long? BuildView(BuildContext context)
    {
        var model = context.Model;
        var relation = model.RelationName!;
        if (context.Relations.Find(model.Schema, model.Alias) is { } existing)
        {
            // Drop and create rather than CREATE OR REPLACE, which PostgreSQL refuses when the columns change.
            context.InTransaction(() =>
            {
                var dependents = DropForReplacement(context, existing);
                var result = context.Execute($"create view {relation} as\n{context.Sql}");
                RestoreDependents(context, dependents);
                return result;
            });
        }
        else
        {
            context.Execute($"create view {relation} as\n{context.Sql}");
        }

        context.Relations.Set(model.Schema, model.Alias, RelationKind.View);
        context.Step("execute", $"view {relation} created");
        return null;
    }

    /// <summary>
    /// Creates the table empty under a temporary name, fills it with INSERT (so the driver reports the real row
    /// count, which CREATE TABLE AS does not), then drops the old relation and renames the new one, all in one
    /// transaction: readers see the old table or the new one, never a half-written or missing one, and a build
    /// that fails or is killed leaves nothing behind (not even the temporary table).
    /// </summary>
    private static long? BuildTable(BuildContext context)
    {
        var model = context.Model;
        var temporaryName = model.Alias + "__logbook_tmp";
        var temporary = Sql.Relation(model.Schema, temporaryName);
        // Only a build from before the single-transaction swap could have left one; dropping it is harmless.
        context.Execute($"drop table if exists {temporary}");
        var existing = context.Relations.Find(model.Schema, model.Alias);
        var rows = context.InTransaction(() =>
        {
            context.Execute($"create table {temporary} as\n{context.Sql}\nwith no data");
            var inserted = context.Execute($"insert into {temporary}\n{context.Sql}");
            context.Step("execute", inserted is null ? $"built {temporary}" : $"{inserted} rows inserted into {temporary}");
            var dependents = existing is { } kind ? DropForReplacement(context, kind) : [];
            context.Execute($"alter table {temporary} rename to {Sql.Quote(model.Alias)}");
            RestoreDependents(context, dependents);
            return inserted;
        });
        context.Relations.Set(model.Schema, model.Alias, RelationKind.Table);
        context.Step("swap", $"{temporary} renamed to {model.RelationName}{(existing is null ? string.Empty : " replacing the previous " + (existing == RelationKind.View ? "view" : "table"))}");
        return rows;
    }

    private static long? BuildIncremental(BuildContext context)
    {
        var model = context.Model;
        if (context.FullRefresh || context.Relations.Find(model.Schema, model.Alias) != RelationKind.Table)
        {
            return BuildTable(context);
        }

        var relation = model.RelationName!;
        var staging = Sql.Quote(model.Alias + "__logbook_incr");
        context.Execute($"drop table if exists {staging}");
        try
        {
            context.Execute($"create temporary table {staging} as\n{context.Sql}");
            var targetColumns = context.Columns(relation);
            var columns = context.Columns(staging).Where(c => targetColumns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
            foreach (var key in model.Config.UniqueKey)
            {
                if (!columns.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"unique_key column '{key}' is not in both the model's query and {relation}");
                }
            }

            var list = string.Join(", ", columns.Select(Sql.Quote));
            var match = string.Join(" and ", model.Config.UniqueKey.Select(k => $"logbook_source.{Sql.Quote(k)} = logbook_target.{Sql.Quote(k)}"));
            var predicates = model.Config.IncrementalPredicates;
            // With incremental_predicates the new rows are a CTE named logbook_source, so that a predicate may
            // bound the target by them, e.g. "logbook_target.day >= (select min(day) from logbook_source)".
            var source = predicates.Count > 0 ? $"with logbook_source as not materialized (select * from {staging})\n" : string.Empty;
            var sourceRelation = predicates.Count > 0 ? "logbook_source" : $"{staging} as logbook_source";
            var narrowed = string.Concat(predicates.Select(p => $"\n  and ({p})"));
            var rows = context.InTransaction(() =>
            {
                switch (model.Config.Strategy)
                {
                    case IncrementalStrategy.Merge:
                        var updates = columns.Where(c => !model.Config.UniqueKey.Contains(c, StringComparer.OrdinalIgnoreCase))
                            .Select(c => $"{Sql.Quote(c)} = logbook_source.{Sql.Quote(c)}").ToList();
                        var values = string.Join(", ", columns.Select(c => "logbook_source." + Sql.Quote(c)));
                        return context.Execute(
                            $"{source}merge into {relation} as logbook_target using {sourceRelation} on {match}{narrowed}\n"
                            + (updates.Count > 0 ? $"when matched then update set {string.Join(", ", updates)}\n" : string.Empty)
                            + $"when not matched then insert ({list}) values ({values})");
                    case IncrementalStrategy.DeleteInsert:
                        var deleted = context.Execute(model.Config.UniqueKey.Count > 0
                            ? $"{source}delete from {relation} as logbook_target where exists (select 1 from {sourceRelation} where {match}){narrowed}"
                            : $"{source}delete from {relation} as logbook_target where true{narrowed}");
                        context.Step("delete", $"{deleted?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} rows replaced");
                        return context.Execute($"insert into {relation} ({list}) select {list} from {staging}");
                    default:
                        return context.Execute($"insert into {relation} ({list}) select {list} from {staging}");
                }
            });
            context.Step("execute", $"{rows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} rows merged into {relation} ({Describe(model.Config.Strategy)})");
            return rows;
        }
        finally
        {
            context.TryExecute($"drop table if exists {staging}");
        }
    }

    /// <summary>
    /// Drops the model's relation so that its new version can take the name. Views that depend on it (PostgreSQL
    /// tracks them and refuses a plain drop) go with it, CASCADE, and are returned to be created again.
    /// </summary>
    private static IReadOnlyList<Logbook.Core.Warehouses.DependentView> DropForReplacement(BuildContext context, RelationKind existing)
    {
        var model = context.Model;
        var dependents = context.DependentViews(model.Schema, model.Alias);
        context.Execute($"drop {(existing == RelationKind.View ? "view" : "table")} if exists {model.RelationName}{(dependents.Count > 0 ? " cascade" : string.Empty)}");
        return dependents;
    }

    /// <summary>
    /// Creates again, over the new relation, the views the drop took with it. A view that no longer fits (it used a
    /// column the model dropped) stays dropped, with a step saying so, rather than failing the model: it is built
    /// again when it is a model of the run.
    /// </summary>
    private static void RestoreDependents(BuildContext context, IReadOnlyList<Logbook.Core.Warehouses.DependentView> dependents)
    {
        if (dependents.Count == 0)
        {
            return;
        }

        var failed = context.RestoreViews(dependents);
        foreach (var view in dependents)
        {
            var name = Sql.Relation(view.Schema, view.Name);
            var failure = failed.FirstOrDefault(f => f.View == view);
            if (failure.View is null)
            {
                context.Step("restore_view", $"dependent view {name} created again");
            }
            else
            {
                context.Relations.Set(view.Schema, view.Name, null);
                context.Step("restore_view", $"dependent view {name} could not be created again and is gone until it is rebuilt: {failure.Error}");
            }
        }
    }

    private static string Describe(IncrementalStrategy strategy) => strategy switch
    {
        IncrementalStrategy.DeleteInsert => "delete+insert",
        IncrementalStrategy.Merge => "merge",
        _ => "append",
    };
}
