using System.Data.Common;
using System.Globalization;
using Logbook.Core.Querying;

namespace Logbook.Audit;

/// <summary>Whether the audit tables exist, and their creation: idempotent, and safe against runs creating them at once.</summary>
internal static class AuditTables
{
    public static bool Exist(DbConnection connection, string schema) => Convert.ToInt64(
        DbCommands.Scalar(connection, null, "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('audit_summary', 'audit_detail')", schema),
        CultureInfo.InvariantCulture) == 2;

    /// <summary>The schema and both tables, inside the caller's transaction (with the first batch of rows, one commit).</summary>
    public static void Create(DbConnection connection, string schema, DbTransaction transaction)
    {
        foreach (var statement in AuditSchema.Create(schema))
        {
            DbCommands.Execute(connection, transaction, statement);
        }
    }

    /// <summary>
    /// Creates the schema and tables in a transaction of their own unless they exist. Runs starting at the same
    /// moment can collide even with IF NOT EXISTS (PostgreSQL: a unique violation on the catalog); the loser waits
    /// for the winner's commit and finds the tables, up to a few tries. Throws what the last try threw.
    /// </summary>
    public static void EnsureCreated(DbConnection connection, string schema)
    {
        for (var attempt = 1; !Exist(connection, schema); attempt++)
        {
            try
            {
                using var transaction = connection.BeginTransaction();
                Create(connection, schema, transaction);
                transaction.Commit();
                return;
            }
            catch (DbException) when (attempt < 5)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(50 * attempt));
            }
        }
    }
}
