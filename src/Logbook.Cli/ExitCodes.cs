namespace Logbook.Cli;

/// <summary>The process exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The work failed at run time: SQL errors, an unreachable warehouse, I/O errors.</summary>
    public const int RuntimeError = 1;

    /// <summary>The command line or the configuration is wrong.</summary>
    public const int UsageError = 2;
}
