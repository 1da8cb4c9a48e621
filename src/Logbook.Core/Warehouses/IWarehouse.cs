using System.Data.Common;

namespace Logbook.Core.Warehouses;

/// <summary>A place Logbook reads and writes analytics tables.</summary>
public interface IWarehouse
{
    WarehouseKind Kind { get; }

    /// <summary>A one-line, human description (engine, location, options); never contains a secret.</summary>
    string Description { get; }

    /// <summary>Opens a new connection; the caller disposes it.</summary>
    DbConnection OpenConnection();
}
