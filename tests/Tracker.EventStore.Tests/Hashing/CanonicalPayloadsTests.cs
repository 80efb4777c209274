using System.Text.Json;
using Tracker.EventStore.Hashing;

namespace Tracker.EventStore.Tests.Hashing;

public enum Stance { Made, Reported, RelayedOn }

public sealed record Quote(string Text, int? Page, IReadOnlyList<string> Speakers);

public sealed record Sampled(
    string Zeta, string Alpha, string Omega, string? Missing, int Count, long Big, Guid Id, Stance Stance,
    DateTimeOffset At, bool Flag, Quote Quote, IReadOnlyList<Quote> Quotes, string É, string Émile);

public sealed record WithDictionary(Dictionary<string, int> Counts);

public sealed record WithFraction(double Score);

/// <summary>
/// The direct path must give byte for byte what the general canonicaliser gives, whatever the strings hold:
/// it feeds the hash chain, and an auditor's verifier recomputes it from the RFC 8785 form.
/// </summary>
public sealed class CanonicalPayloadsTests
{
    private static readonly EventTypeRegistry Registry = new EventTypeRegistry()
        .Register<Sampled>("sampled").Register<WithDictionary>("with_dictionary").Register<WithFraction>("with_fraction");

    private static string General(object data) =>
        CanonicalJson.Serialize(JsonSerializer.SerializeToElement(data, data.GetType(), Registry.Json));

    // Plain text, non-ASCII, emoji, everything RFC 8785 escapes, HTML-ish characters the default encoder escapes, injection-like text.
    private static readonly string[] Pieces =
    [
        "Alberta", "Rath", " ", "é", "Québec", "€", "😀", "\u2028", "\u007f", "\"", "\\", "\n", "\t", "\u0001", "\u001f",
        "<script>", "&amp;", "'", "+", "/", "\ud83c\udde8\ud83c\udde6", "中文", "'; drop table events; --", "\u00a0",
    ];

    private static string Text(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(0, 6)).Select(_ => Pieces[random.Next(Pieces.Length)]));

    private static Quote Quote(Random random) =>
        new(Text(random), random.Next(3) == 0 ? null : random.Next(-5, 500), Enumerable.Range(0, random.Next(3)).Select(_ => Text(random)).ToList());

    private static Sampled Sample(Random random) => new(
        Text(random), Text(random), Text(random), random.Next(2) == 0 ? null : Text(random),
        random.Next(int.MinValue, int.MaxValue), random.NextInt64(long.MinValue, long.MaxValue), Guid.CreateVersion7(),
        (Stance)random.Next(3), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(random.Next(-12, 13))).AddTicks(random.NextInt64(0, TimeSpan.TicksPerDay * 365)),
        random.Next(2) == 0, Quote(random), Enumerable.Range(0, random.Next(4)).Select(_ => Quote(random)).ToList(), Text(random), Text(random));

    [Fact]
    public void Plain_records_are_written_directly_and_match_the_general_canonicaliser_for_any_text()
    {
        Registry.WritesCanonicallyDirectly(typeof(Sampled)).ShouldBeTrue();
        var random = new Random(8785);
        for (var i = 0; i < 5_000; i++)
        {
            var sample = Sample(random);
            Registry.SerializeCanonical(sample).ShouldBe(General(sample), $"sample {i}: {sample}");
        }
    }

    [Fact]
    public void Metadata_is_written_directly_and_matches_the_general_canonicaliser()
    {
        var random = new Random(4627);
        for (var i = 0; i < 2_000; i++)
        {
            var metadata = new EventMetadata(Text(random), random.Next(2) == 0 ? null : Text(random),
                random.Next(2) == 0 ? null : Guid.CreateVersion7(), random.Next(2) == 0 ? null : Guid.CreateVersion7(), Text(random));
            StoreJson.SerializeCanonical(metadata).ShouldBe(CanonicalJson.Serialize(JsonSerializer.SerializeToElement(metadata, StoreJson.Options)), $"metadata {i}: {metadata}");
        }
    }

    [Fact]
    public void Keys_come_out_in_utf16_order_at_every_depth()
    {
        var json = Registry.SerializeCanonical(new Sampled("z", "a", "A", null, 1, 2, Guid.Empty, Stance.RelayedOn,
            DateTimeOffset.UnixEpoch, true, new Quote("q", 3, ["s"]), [], "e", "emile"));
        json.ShouldBe("""{"alpha":"a","at":"1970-01-01T00:00:00+00:00","big":2,"count":1,"flag":true,"id":"00000000-0000-0000-0000-000000000000","omega":"A","quote":{"page":3,"speakers":["s"],"text":"q"},"quotes":[],"stance":"relayed_on","zeta":"z","é":"e","émile":"emile"}""");
    }

    [Fact]
    public void Dictionaries_and_fractions_take_the_general_path()
    {
        Registry.WritesCanonicallyDirectly(typeof(WithDictionary)).ShouldBeFalse();
        Registry.WritesCanonicallyDirectly(typeof(WithFraction)).ShouldBeFalse();
        Registry.SerializeCanonical(new WithDictionary(new() { ["b"] = 2, ["a"] = 1, ["B"] = 0 }))
            .ShouldBe("""{"counts":{"B":0,"a":1,"b":2}}""");
        Should.Throw<FormatException>(() => Registry.SerializeCanonical(new WithFraction(0.5)));
    }
}
