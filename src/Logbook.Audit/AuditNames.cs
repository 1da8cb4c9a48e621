using Logbook.Core.Runs;

namespace Logbook.Audit;

internal static class AuditNames
{
    public static string Of(AuditStatus status) => status.ToString().ToLowerInvariant();

    public static string Of(AuditJobType type) => type.ToString().ToLowerInvariant();
}
