using System.Reflection;

namespace Logbook.Core.Tests;

/// <summary>
/// The layering of docs/architecture.md, enforced: each shipping assembly may reference only the Logbook
/// assemblies listed for it. A reference the compiler emits is a real dependency, so this fails the build of
/// any change that crosses a boundary (for example the CLI reaching the DuckDB driver directly).
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        ["Logbook.DuckDb.Native"] = [],
        ["Logbook.DuckDb"] = ["Logbook.DuckDb.Native"],
        ["Logbook.Core"] = [],
        ["Logbook.Audit"] = ["Logbook.Core"],
        ["Logbook.Samples"] = ["Logbook.Core"],
        ["Logbook.Soc2"] = ["Logbook.Core"],
        ["Logbook.Replication"] = ["Logbook.Core"],
        ["Logbook.Warehouse.DuckDb"] = ["Logbook.Core", "Logbook.DuckDb", "Logbook.DuckDb.Native"],
        ["Logbook.Warehouse.Postgres"] = ["Logbook.Core"],
        ["Logbook.Analytics"] = [],
        ["Logbook.Hosting"] = ["Logbook.Core", "Logbook.Audit", "Logbook.Samples", "Logbook.Transform", "Logbook.Warehouse.DuckDb", "Logbook.Warehouse.Postgres", "Logbook.Analytics", "Logbook.Soc2", "Logbook.Replication"],
        ["Logbook.Transform"] = ["Logbook.Core"],
        ["Logbook.Server"] = ["Logbook.Core", "Logbook.Hosting", "Logbook.Transform", "Logbook.Replication", "Logbook.Soc2"],
        ["logbook"] = ["Logbook.Core", "Logbook.Hosting", "Logbook.Samples", "Logbook.Soc2", "Logbook.Transform", "Logbook.Replication", "Logbook.Server"],
    };

    public static TheoryData<string> ShippingAssemblies => [.. s_allowed.Keys];

    [Theory]
    [MemberData(nameof(ShippingAssemblies))]
    public void Assembly_references_only_the_layers_below_it(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        var logbookReferences = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(IsLogbookAssembly)
            .ToArray();

        logbookReferences.Should().BeSubsetOf(s_allowed[assemblyName], $"{assemblyName} must stay within its layer (docs/architecture.md)");
    }

    [Fact]
    public void Only_the_postgres_warehouse_references_npgsql()
    {
        foreach (var name in s_allowed.Keys.Where(n => n != "Logbook.Warehouse.Postgres"))
        {
            Assembly.Load(name).GetReferencedAssemblies().Select(a => a.Name!).Should().NotContain(r => r.StartsWith("Npgsql", StringComparison.Ordinal), $"{name} must reach PostgreSQL only through IWarehouse");
        }
    }

    [Fact]
    public void Core_references_no_database_driver()
    {
        var references = Assembly.Load("Logbook.Core").GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        references.Should().NotContain(name => name.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) || name.Contains("DuckDb", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_logbook_assembly_in_the_output_is_covered_by_a_rule()
    {
        var found = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => IsLogbookAssembly(name!) && !name!.EndsWith(".Tests", StringComparison.Ordinal) && name != "Logbook.TestSupport")
            .ToArray();

        found.Should().BeSubsetOf(s_allowed.Keys, "a new project needs its row in the layering table");
        found.Should().Contain("logbook");
    }

    private static bool IsLogbookAssembly(string name) =>
        name == "logbook" || name.StartsWith("Logbook.", StringComparison.Ordinal);
}
