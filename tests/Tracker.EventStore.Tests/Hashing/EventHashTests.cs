using Tracker.EventStore.Hashing;

namespace Tracker.EventStore.Tests.Hashing;

/// <summary>The writers' UTF-8 fast path must hash exactly the text an auditor's verifier rebuilds.</summary>
public sealed class EventHashTests
{
    private static readonly string[] Names = ["newsroom", "tenant-ü", "quote\"d", "back\\slash", "tab\t", "😀", "中文"];

    [Fact]
    public void The_fast_hash_equals_the_hash_of_the_canonical_text()
    {
        var random = new Random(256);
        for (var i = 0; i < 2_000; i++)
        {
            var data = Registry.SerializeCanonical(new NoteText(Names[random.Next(Names.Length)] + random.Next()));
            var at = EventHash.TruncateToMicroseconds(DateTimeOffset.UnixEpoch.AddTicks(random.NextInt64(0, TimeSpan.TicksPerDay * 365 * 100)));
            var link = new ChainLink(Names[random.Next(Names.Length)], Guid.CreateVersion7(), Names[random.Next(Names.Length)], random.Next(1, int.MaxValue),
                Guid.CreateVersion7(), Names[random.Next(Names.Length)], at, data, """{"actor":"rath"}""",
                random.Next(2) == 0 ? EventHash.Genesis : Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray()));
            EventHash.ComputeCanonical(link).ShouldBe(EventHash.Compute(link), $"link {i}: {link}");
        }
    }

    [Fact]
    public void The_timestamp_written_into_a_span_is_the_hashed_form()
    {
        var random = new Random(7);
        Span<char> written = stackalloc char[32];
        for (var i = 0; i < 1000; i++)
        {
            var at = EventHash.TruncateToMicroseconds(new DateTimeOffset(random.NextInt64(DateTimeOffset.UnixEpoch.UtcTicks, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks),
                TimeSpan.Zero).ToOffset(TimeSpan.FromHours(random.Next(-12, 13))));
            written[..EventHash.FormatTimestamp(at, written)].ToString().ShouldBe(EventHash.FormatTimestamp(at));
        }
    }

    [Fact]
    public void Timestamps_hash_with_six_fractional_digits_in_utc()
    {
        var at = new DateTimeOffset(2026, 3, 1, 9, 5, 7, TimeSpan.FromHours(-7)).AddTicks(1_234_560);
        EventHash.FormatTimestamp(at).ShouldBe("2026-03-01T16:05:07.123456Z");
        EventHash.Canonical(new ChainLink("t", Guid.Empty, "s", 1, Guid.Empty, "x", at, "{}", "{}", EventHash.Genesis))
            .ShouldContain("\"recordedAt\":\"2026-03-01T16:05:07.123456Z\"");
    }

    public sealed record NoteText(string Text);

    private static readonly EventTypeRegistry Registry = new EventTypeRegistry().Register<NoteText>("note_text");
}
