using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Audit.Checkpoints;
using Tracker.Commands;
using Tracker.EventStore.Hashing;
using Tracker.EventStore.Verification;
using Tracker.Exports;
using Tracker.Tests.Exports;
using Tracker.Tests.Support;

namespace Tracker.Tests.Audit;

/// <summary>
/// A story with four claims and a signed checkpoint; then, as the database superuser, one claim's stream is deleted whole,
/// one trimmed of its last two events, one rewritten at version 2 with the rest of its chain re-hashed so it holds again,
/// one left alone (it gets a new event after the checkpoint, which is no problem), and one claim invented: a copy of
/// another's events, recorded an hour earlier, its chain computed as the app would.
/// </summary>
public sealed class StreamTamperingDesk : IAsyncLifetime
{
    public TrackerAppFactory App { get; } = new();
    public Guid Deleted { get; private set; }
    public Guid Trimmed { get; private set; }
    public Guid Rewritten { get; private set; }
    public Guid Untouched { get; private set; }
    public Guid Invented { get; private set; }
    public JsonElement Checkpoint { get; private set; }
    public RecordSnapshot Clean { get; private set; } = null!;
    public RecordSnapshot Tampered { get; private set; } = null!;
    public VerificationReport ChainsAfterTampering { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        var (checker, _) = await App.As(Role.Factchecker);
        var (auditor, _) = await App.As(Role.Auditor);
        var story = (await checker.Post("/api/stories", new { title = "Alberta separatists and US officials", summary = "Meetings reported by the FT" })).Id();
        async Task<Guid> Claim(string text, int corrections)
        {
            var id = (await checker.Post($"/api/stories/{story}/claims", new { text })).Id();
            for (var i = 1; i <= corrections; i++) await checker.Post($"/api/claims/{id}/text", new { text = $"{text} ({i})", reason = "house style" });
            return id;
        }
        Deleted = await Claim("APP leaders met State Department officials three times", 1);
        Trimmed = await Claim("Only 19% would vote for secession", 3);
        Rewritten = await Claim("About 30% support sovereignty", 3);
        Untouched = await Claim("The meetings were not a secret", 0);

        var taken = await auditor.PostAsJsonAsync("/api/audit/checkpoints", new { });
        taken.EnsureSuccessStatusCode();
        Checkpoint = await taken.Content.ReadFromJsonAsync<JsonElement>();
        await checker.Post($"/api/claims/{Untouched}/text", new { text = "The meetings were no secret", reason = "after the checkpoint" });
        Clean = await RecordSnapshot.Take(auditor);

        var superuser = new Superuser(App.ConnectionString);
        Invented = await superuser.CopyBackdated(Trimmed, TimeSpan.FromHours(1));
        await superuser.DeleteStream(Deleted);
        await superuser.Trim(Trimmed, keep: 2);
        await superuser.RewriteAndRehash(Rewritten, 2, "text", "About 3% support sovereignty");
        ChainsAfterTampering = await App.Store.Verify("newsroom");
        Tampered = await RecordSnapshot.Take(auditor);
    }

    Task IAsyncLifetime.DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
}

/// <summary>Deleting, trimming and re-hashing streams behind the app's back are caught by the signed checkpoint, and named.</summary>
public sealed class StreamTamperingTests(StreamTamperingDesk desk) : IClassFixture<StreamTamperingDesk>
{
    [Fact]
    public void A_clean_record_verifies_against_its_checkpoint()
    {
        desk.Clean.Ok.ShouldBeTrue(desk.Clean.Describe());
        var verify = desk.Clean.Verify;
        verify.GetProperty("checkpoints").GetInt32().ShouldBe(1);
        var checkpoint = verify.GetProperty("checkpoint");
        checkpoint.GetProperty("sequence").GetInt64().ShouldBe(1);
        checkpoint.GetProperty("signatureValid").GetBoolean().ShouldBeTrue();
        checkpoint.GetProperty("root").GetString().ShouldBe(desk.Checkpoint.GetProperty("root").GetString());
        var heads = verify.GetProperty("heads").Deserialize<List<StreamHead>>(Json.Options)!;
        heads.ShouldContain(h => h.StreamId == desk.Untouched && h.Version == 2, "the heads are where the streams stand now, past the checkpoint");
        heads.ShouldContain(h => h.StreamId == desk.Trimmed && h.Version == 4);
        verify.GetProperty("root").GetString().ShouldBe(MerkleTree.Root(heads));
        desk.Clean.Page.ShouldContain("Every hash chain is intact and the record matches its signed checkpoints");
        desk.Clean.Page.ShouldContain("<dt>Checkpoint</dt><dd>1, taken");
    }

    [Fact]
    public void The_tampering_leaves_every_chain_intact_so_only_the_checkpoint_can_tell() =>
        desk.ChainsAfterTampering.Failures.ShouldBeEmpty("the superuser recomputed what the chains check");

    [Fact]
    public void Each_tampered_stream_is_named_with_its_kind_and_the_checkpoint()
    {
        var tampered = desk.Tampered;
        tampered.Ok.ShouldBeFalse();
        tampered.Failures.ShouldContain(f => f.Kind == "missing" && f.Stream == desk.Deleted && f.Version == 2 && f.Checkpoint == 1, tampered.Describe());
        tampered.Failures.ShouldContain(f => f.Kind == "truncated" && f.Stream == desk.Trimmed && f.Version == 4 && f.Checkpoint == 1, tampered.Describe());
        tampered.Failures.ShouldContain(f => f.Kind == "rewritten" && f.Stream == desk.Rewritten && f.Version == 4 && f.Checkpoint == 1, tampered.Describe());
        tampered.Failures.ShouldContain(f => f.Kind == "backdated" && f.Stream == desk.Invented && f.Version == 1 && f.Checkpoint == 1, tampered.Describe());
        tampered.Failures.Count.ShouldBe(4, tampered.Describe());
        tampered.Verify.GetProperty("checkpoint").GetProperty("signatureValid").GetBoolean().ShouldBeTrue("the checkpoint itself is untouched");
    }

    [Fact]
    public void The_verify_page_shows_each_problem_and_the_checkpoint()
    {
        var page = desk.Tampered.Page;
        page.ShouldContain("4 problems found");
        foreach (var (kind, stream) in new[] { ("missing", desk.Deleted), ("truncated", desk.Trimmed), ("rewritten", desk.Rewritten), ("backdated", desk.Invented) })
            page.ShouldContain($"<tr><td>{kind}</td><td><code>{stream}</code></td>");
        page.ShouldContain("id=\"signature\" class=\"ok\"");
    }

    [PythonFact]
    public async Task The_standalone_verifier_passes_the_clean_record()
    {
        var python = await desk.Clean.Python();
        (python.Exit, python.Output.Split(' ')[0]).ShouldBe((0, "ok"), python.Output);
        python.Output.ShouldContain("1 valid checkpoints");
    }

    [PythonFact]
    public async Task The_standalone_verifier_reports_an_invented_claim_recorded_before_a_checkpoint_that_does_not_hold_it()
    {
        var takenAt = DateTimeOffset.Parse(desk.Checkpoint.GetProperty("takenAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        // Invented an hour before the checkpoint, its hash computed as the app would: the chains alone cannot tell.
        var (invented, forged) = WithInventedClaim(takenAt.AddHours(-1));
        var python = await StandaloneVerifier.Run(forged, desk.Clean.Checkpoints, desk.Clean.KeyPem);
        python.Exit.ShouldBe(1, python.Output);
        python.Output.ShouldContain($"stream {invented} (newsroom) version 1: backdated: recorded", Case.Sensitive, python.Output);
        python.Output.ShouldContain("before checkpoint 1 was taken, which does not hold it");
        (await StandaloneVerifier.Run(forged)).Exit.ShouldBe(0, "without checkpoints nothing says when the record stood where");

        // Recorded within minutes of it: an append still committing while the checkpoint was taken is in the next one.
        (_, forged) = WithInventedClaim(takenAt.AddSeconds(-30));
        python = await StandaloneVerifier.Run(forged, desk.Clean.Checkpoints, desk.Clean.KeyPem);
        (python.Exit, python.Output.Split(' ')[0]).ShouldBe((0, "ok"), python.Output);
    }

    /// <summary>The clean export with a claim stream of one event added at its end, recorded at the given time.</summary>
    private (Guid Stream, string Export) WithInventedClaim(DateTimeOffset recordedAt)
    {
        var lines = desk.Clean.Events.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var logged = EventLine.Parse(lines.First(l => l.Contains("\"type\":\"claim_logged\"", StringComparison.Ordinal)));
        var link = logged.Link with { StreamId = Guid.CreateVersion7(), EventId = Guid.CreateVersion7(), RecordedAt = EventHash.TruncateToMicroseconds(recordedAt) };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer)) EventLine.Write(json, new ExportedEvent(EventLine.Parse(lines[^1]).Seq + 1, link, EventHash.Compute(link)));
        return (link.StreamId, string.Join('\n', [.. lines, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan)]) + "\n");
    }

    [PythonFact]
    public async Task The_standalone_verifier_names_the_same_streams_and_kinds_as_the_app()
    {
        var python = await desk.Tampered.Python();
        python.Exit.ShouldBe(1, python.Output);
        var app = desk.Tampered.Failures.Select(f => (f.Stream!.Value, f.Kind));
        python.Streams.ShouldBe(app, ignoreOrder: true, python.Output);
    }
}
