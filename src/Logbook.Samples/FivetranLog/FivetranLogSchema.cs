namespace Logbook.Samples.FivetranLog;

/// <summary>The column types of the sample tables (the reference's dbt types, as the warehouse spells them).</summary>
public enum SampleColumnType
{
    /// <summary>dbt <c>string</c>: VARCHAR.</summary>
    Text,

    /// <summary>dbt <c>timestamp</c>: TIMESTAMP (UTC, without time zone).</summary>
    Timestamp,

    /// <summary>dbt <c>int</c> and <c>bigint</c>: BIGINT.</summary>
    BigInt,

    /// <summary>dbt <c>numeric</c>: DOUBLE PRECISION.</summary>
    Double,

    /// <summary>dbt <c>boolean</c>: BOOLEAN.</summary>
    Boolean,
}

public sealed record SampleColumn(string Name, SampleColumnType Type)
{
    /// <summary>The type in DDL; the same text on DuckDB and PostgreSQL.</summary>
    public string SqlType => Type switch
    {
        SampleColumnType.Text => "VARCHAR",
        SampleColumnType.Timestamp => "TIMESTAMP",
        SampleColumnType.BigInt => "BIGINT",
        SampleColumnType.Double => "DOUBLE PRECISION",
        SampleColumnType.Boolean => "BOOLEAN",
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, null),
    };
}

public sealed record SampleTable(string Name, IReadOnlyList<SampleColumn> Columns);

/// <summary>
/// The Fivetran Platform Connector's tables with exactly the reference's column names, in its order (section 1
/// of fivetran_platform_log.md; connector_sdk_log and audit_trail from section 1.13).
/// </summary>
public static class FivetranLogSchema
{
    public static SampleTable Log { get; } = Table("log",
        Text("id"), Time("time_stamp"), Text("connection_id"), Text("connector_id"), Text("event"), Text("message_data"),
        Text("message_event"), Text("transformation_id"), Text("sync_id"), Time("_fivetran_synced"));

    public static SampleTable Connection { get; } = ConnectionTable("connection", "connection_id", "connection_name");

    /// <summary>The table's spelling before Q1 2025: <c>connector_id</c> and <c>connector_name</c>.</summary>
    public static SampleTable Connector { get; } = ConnectionTable("connector", "connector_id", "connector_name");

    public static SampleTable Destination { get; } = Table("destination",
        Text("id"), Text("account_id"), Time("created_at"), Text("name"), Text("region"), Time("_fivetran_synced"));

    public static SampleTable Account { get; } = Table("account",
        Text("id"), Text("country"), Time("created_at"), Text("name"), Text("status"), Time("_fivetran_synced"));

    public static SampleTable IncrementalMar { get; } = Table("incremental_mar",
        Text("connector_id"), Text("connection_name"), Text("connector_name"), Text("connection_id"), Text("destination_id"),
        Text("free_type"), Time("measured_date"), Int("incremental_rows"), Text("sync_type"), Text("schema_name"),
        Text("table_name"), Time("updated_at"), Time("_fivetran_synced"));

    public static SampleTable CreditsUsed { get; } = Table("credits_used",
        Text("destination_id"), Text("measured_month"), Int("credits_consumed"), Time("_fivetran_synced"));

    public static SampleTable UsageCost { get; } = Table("usage_cost",
        Text("destination_id"), Text("measured_month"), new SampleColumn("amount", SampleColumnType.Double), Time("_fivetran_synced"));

    public static SampleTable TransformationRuns { get; } = Table("transformation_runs",
        Text("destination_id"), Text("job_id"), Time("measured_date"), Text("project_type"), Text("free_type"), Text("job_name"),
        Time("updated_at"), Int("model_runs"), Time("_fivetran_synced"));

    public static SampleTable User { get; } = Table("user",
        Text("id"), Time("created_at"), Text("email"), Bool("email_disabled"), Text("family_name"), Text("given_name"),
        Text("phone"), Bool("verified"), Time("_fivetran_synced"));

    public static SampleTable DestinationMembership { get; } = Table("destination_membership",
        Text("destination_id"), Text("user_id"), Time("activated_at"), Time("joined_at"), Text("role"), Time("_fivetran_synced"));

    /// <summary>Optional (v2.6): Connector SDK logs.</summary>
    public static SampleTable ConnectorSdkLog { get; } = Table("connector_sdk_log",
        Time("_fivetran_synced"), Text("connection_id"), Time("event_time"), Text("id"), Text("level"), Text("message"),
        Text("message_origin"), Text("sync_id"));

    /// <summary>Optional (v2.6, Enterprise plan): the account's audit trail.</summary>
    public static SampleTable AuditTrail { get; } = Table("audit_trail",
        Time("_fivetran_synced"), Text("action"), Time("captured_at"), Text("id"), Text("interaction_method"), Text("new_values"),
        Text("old_values"), Text("primary_resource_id"), Text("primary_resource_type"), Text("secondary_resource_id"),
        Text("secondary_resource_type"), Text("user_id"));

    /// <summary>Every table the generator knows: a run drops those it does not write, so no stale table survives.</summary>
    public static IReadOnlyList<SampleTable> All { get; } =
    [
        Log, Connection, Connector, Destination, Account, IncrementalMar, CreditsUsed, UsageCost, TransformationRuns, User,
        DestinationMembership, ConnectorSdkLog, AuditTrail,
    ];

    /// <summary>The tables a run with <paramref name="options"/> writes, in the order it writes them.</summary>
    public static IReadOnlyList<SampleTable> Written(FivetranLogOptions options)
    {
        List<SampleTable> tables =
        [
            Account, Destination, User, DestinationMembership, options.LegacyConnectorTable ? Connector : Connection, Log,
            IncrementalMar, CreditsUsed, UsageCost, TransformationRuns,
        ];
        if (options.IncludeOptionalTables)
        {
            tables.Add(ConnectorSdkLog);
            tables.Add(AuditTrail);
        }

        return tables;
    }

    private static SampleTable ConnectionTable(string name, string idColumn, string nameColumn) => Table(name,
        Text(idColumn), Text("connecting_user_id"), Text(nameColumn), Text("connector_type"), Text("connector_type_id"),
        Text("destination_id"), Bool("paused"), Int("service_version"), Time("signed_up"), Time("_fivetran_synced"),
        Bool("_fivetran_deleted"));

    private static SampleTable Table(string name, params SampleColumn[] columns) => new(name, columns);

    private static SampleColumn Text(string name) => new(name, SampleColumnType.Text);

    private static SampleColumn Time(string name) => new(name, SampleColumnType.Timestamp);

    private static SampleColumn Int(string name) => new(name, SampleColumnType.BigInt);

    private static SampleColumn Bool(string name) => new(name, SampleColumnType.Boolean);
}
