using Logbook.Core.Templates;

namespace Logbook.Warehouse.Postgres;

/// <summary>
/// The functions that the PostgreSQL dialect's safe helpers call (PostgreSQL 15 cannot test JSON or a cast for
/// validity without trying it): each tries, and an exception handler turns failure into NULL. Installed once per
/// warehouse, under an advisory lock so concurrent runs do not collide, and only when their version is missing.
/// They are PARALLEL UNSAFE: an exception handler opens a subtransaction, which a parallel worker cannot (a query
/// calling them runs without parallel workers).
/// </summary>
internal static class PostgresHelpers
{
    /// <summary>Bumped whenever a function below changes, so an older installation is replaced.</summary>
    public const int Version = 2;

    private static string Schema => SqlDialects.PostgresHelperSchema;

    public static string IsCurrentSql =>
        $"select exists (select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = '{Schema}' and p.proname = 'helpers_version_{Version}')";

    public static IEnumerable<string> Install()
    {
        yield return $"select pg_advisory_xact_lock(hashtext('{Schema}'))";
        yield return $"create schema if not exists {Schema}";
        yield return $"""
            create or replace function {Schema}.json_text(doc text, path text) returns text
            language plpgsql immutable parallel unsafe as $fn$
            begin
                return doc::jsonb #>> string_to_array(path, '.');
            exception when others then
                return null;
            end
            $fn$
            """;
        foreach (var type in SqlDialects.PostgresSafeCastTypes.Values.Distinct(StringComparer.Ordinal))
        {
            var sqlType = type switch
            {
                "double" => "double precision",
                var other => other,
            };
            yield return $"""
                create or replace function {Schema}.try_cast_{type}(value text) returns {sqlType}
                language plpgsql immutable parallel unsafe as $fn$
                begin
                    return cast(value as {sqlType});
                exception when others then
                    return null;
                end
                $fn$
                """;
        }

        yield return $"create or replace function {Schema}.helpers_version_{Version}() returns integer language sql immutable as $fn$ select {Version} $fn$";
    }
}
