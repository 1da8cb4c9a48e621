using System.Data.Common;

namespace Logbook.DuckDb;

/// <summary>The provider factory, for code that works through DbProviderFactory.</summary>
public sealed class DuckDbFactory : DbProviderFactory
{
    public static readonly DuckDbFactory Instance = new();

    private DuckDbFactory()
    {
    }

    public override DbConnection CreateConnection() => new DuckDbConnection();

    public override DbCommand CreateCommand() => new DuckDbCommand();

    public override DbParameter CreateParameter() => new DuckDbParameter();

    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new DuckDbConnectionStringBuilder();
}
