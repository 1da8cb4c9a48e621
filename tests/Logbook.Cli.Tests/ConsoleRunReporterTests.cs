using Logbook.Cli.Output;
using Logbook.Transform.Execution;

namespace Logbook.Cli.Tests;

public sealed class ConsoleRunReporterTests
{
    private static readonly PlannedNode s_model = new("model.demo.a", "a", "model", "table model main.a");

    [Fact]
    public void A_terminal_gets_a_progress_line_that_is_cleared_before_each_log_line()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var reporter = new ConsoleRunReporter(output, error, "0.1.0", "default", interactive: true);

        reporter.RunStarting(2, 4, "2 models");
        reporter.NodeStarting(1, 2, s_model);
        reporter.NodeStarting(2, 2, s_model with { UniqueId = "model.demo.b", Name = "b" });
        reporter.NodeFinished(1, 2, s_model, new NodeResult { UniqueId = "model.demo.a", Name = "a", ResourceType = "model", Status = NodeStatus.Success, RowsAffected = 3 });

        var progress = error.ToString();
        progress.Should().Contain("[0/2] running: a, b").And.Contain("[1/2] running: b");
        progress.Should().Contain("\r\u001b[2K", "the progress line is erased before the next log line");
        output.ToString().Should().NotContain("running:", "progress never reaches the log itself");
        output.ToString().Should().Contain("1 of 2 OK table model main.a").And.Contain("[OK 3 rows in");
    }

    [Fact]
    public void Redirected_output_gets_no_progress_line()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var reporter = new ConsoleRunReporter(output, error, "0.1.0", "default", interactive: false);

        reporter.RunStarting(1, 1, "1 model");
        reporter.NodeStarting(1, 1, s_model);

        error.ToString().Should().BeEmpty();
        output.ToString().Should().Contain("1 of 1 START table model main.a").And.Contain("[RUN]");
    }
}
