using Logbook.Core.Replication;
using Logbook.Core.Warehouses;

namespace Logbook.Core.Tests.Replication;

public sealed class SourcePageTests
{
    private static readonly SourceColumn[] s_columns =
    [
        new("id", "uuid", SourceColumnKind.Uuid),
        new("created_at", "timestamptz", SourceColumnKind.TimestampTz),
        new("n", "integer", SourceColumnKind.Integer),
        new("cost", "numeric", SourceColumnKind.Decimal),
        new("body", "jsonb", SourceColumnKind.Json),
        new("day", "date", SourceColumnKind.Date),
    ];

    [Fact]
    public void Values_come_back_as_the_column_kinds_and_text_as_written()
    {
        var page = new SourcePage(s_columns, capacity: 3);
        var id = Guid.NewGuid();
        var at = new DateTime(2026, 12, 7, 5, 6, 7, DateTimeKind.Utc).AddTicks(1230);
        Fill(page, [id, at, 42, 1.5m, "{\"a\": \"é\"}", new DateOnly(2026, 2, 28)], [Guid.Empty, at, null, null, null, null]);

        page.Count.Should().Be(2);
        page.Value(0, 0).Should().Be(id);
        page.Value(0, 1).Should().Be(at);
        page.Value(0, 2).Should().Be(42);
        page.Value(0, 3).Should().Be(1.5m);
        page.Value(0, 4).Should().Be("{\"a\": \"é\"}");
        page.Value(0, 5).Should().Be(new DateOnly(2026, 2, 28));
        page.IsNull(1, 2).Should().BeTrue();
        page.Value(1, 4).Should().BeNull();
        FluentActions.Invoking(() => page.Value(2, 0)).Should().Throw<ArgumentOutOfRangeException>("only two rows were filled");
    }

    [Fact]
    public void A_row_goes_to_a_bulk_writer_typed_with_its_text_as_utf8_bytes()
    {
        var page = new SourcePage(s_columns, capacity: 2);
        var id = Guid.NewGuid();
        var at = new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc);
        Fill(page, [id, at, 7, 2.25m, "[1, 2]", null]);
        var writer = new RecordingWriter();

        page.WriteRow(0, writer);

        writer.Values.Should().Equal(id, at, 7L, 2.25m, "utf8:[1, 2]", "NULL", "end");
    }

    [Fact]
    public void A_cleared_page_is_refilled_in_place_and_misuse_is_refused()
    {
        var page = new SourcePage(s_columns, capacity: 1);
        Fill(page, [Guid.NewGuid(), DateTime.UtcNow, 1, 1m, new string('x', 100_000), null]);
        FluentActions.Invoking(page.BeginRow).Should().Throw<InvalidOperationException>().WithMessage("*1 rows at most*");

        page.Clear();
        page.Count.Should().Be(0);
        Fill(page, [Guid.Empty, DateTime.UnixEpoch, 2, 0m, "short", null]);
        page.Value(0, 4).Should().Be("short");

        page.Clear();
        page.BeginRow();
        FluentActions.Invoking(() => page.Set(1L)).Should().Throw<InvalidCastException>("the first column is a uuid");
        page.Set(Guid.Empty);
        FluentActions.Invoking(page.EndRow).Should().Throw<InvalidOperationException>().WithMessage("*needs 6 values, got 1*");
    }

    private static void Fill(SourcePage page, params object?[][] rows)
    {
        foreach (var row in rows)
        {
            page.BeginRow();
            foreach (var value in row)
            {
                page.SetValue(value);
            }

            page.EndRow();
        }
    }

    /// <summary>Records what each call wrote, to check the page's typed calls.</summary>
    private sealed class RecordingWriter : IBulkWriter
    {
        public List<object> Values { get; } = [];

        public long RowsWritten { get; private set; }

        public IBulkWriter WriteNull() => Add("NULL");

        public IBulkWriter Write(string? value) => Add(value ?? "NULL");

        public IBulkWriter WriteUtf8(ReadOnlySpan<byte> value) => Add("utf8:" + System.Text.Encoding.UTF8.GetString(value));

        public IBulkWriter Write(long? value) => Add(value ?? (object)"NULL");

        public IBulkWriter Write(double? value) => Add(value ?? (object)"NULL");

        public IBulkWriter Write(bool? value) => Add(value ?? (object)"NULL");

        public IBulkWriter Write(DateTime? value) => Add(value ?? (object)"NULL");

        public IBulkWriter WriteValue(object? value) => Add(value ?? "NULL");

        public void EndRow()
        {
            Values.Add("end");
            RowsWritten++;
        }

        public long Complete() => RowsWritten;

        public void Dispose()
        {
        }

        private RecordingWriter Add(object value)
        {
            Values.Add(value);
            return this;
        }
    }
}
