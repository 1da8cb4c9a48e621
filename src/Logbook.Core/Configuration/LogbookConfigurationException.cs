namespace Logbook.Core.Configuration;

/// <summary>
/// A problem in the project or profiles configuration (or in the options that select it). The message is one
/// line, prefixed with <c>file:line:col: </c> when the problem has a place in a file.
/// </summary>
public sealed class LogbookConfigurationException : Exception
{
    public LogbookConfigurationException()
        : this("invalid configuration")
    {
    }

    public LogbookConfigurationException(string message)
        : this(message, location: null)
    {
    }

    public LogbookConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    public LogbookConfigurationException(string problem, SourceLocation? location, Exception? innerException = null)
        : base(location is null ? problem : $"{location}: {problem}", innerException)
    {
        Problem = problem;
        File = location?.File;
        Line = location?.Line;
        Column = location?.Column;
    }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Problem { get; }

    /// <summary>The file at fault, when there is one.</summary>
    public string? File { get; }

    /// <summary>The 1-based line in <see cref="File"/>, when known.</summary>
    public int? Line { get; }

    /// <summary>The 1-based column in <see cref="File"/>, when known.</summary>
    public int? Column { get; }
}
