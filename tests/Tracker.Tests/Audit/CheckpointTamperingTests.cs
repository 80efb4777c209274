using System.Text.Json;
using Alba;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NSec.Cryptography;
using Tracker.Audit.Checkpoints;
using Tracker.Commands;
using Tracker.Tests.Exports;
using Tracker.Tests.Support;

namespace Tracker.Tests.Audit;

/// <summary>
/// Two signed checkpoints, then the checkpoints themselves attacked one way at a time, each undone before the next: a row
/// edited to vouch for another hash (root recomputed), a file line removed, the key file replaced, and last a row deleted
/// and then checkpoint 1 deleted from both the database and the file.
/// </summary>
public sealed class CheckpointTamperingDesk : IAsyncLifetime
{
    public TrackerAppFactory App { get; } = new();
    public Guid Claim { get; private set; }
    public string OldFingerprint { get; private set; } = "";
    public string NewFingerprint { get; private set; } = "";
    public RecordSnapshot Clean { get; private set; } = null!;
    public RecordSnapshot RowEdited { get; private set; } = null!;
    public RecordSnapshot LineRemoved { get; private set; } = null!;
    public RecordSnapshot KeyReplaced { get; private set; } = null!;
    public RecordSnapshot RowDeleted { get; private set; } = null!;
    public RecordSnapshot DeletedFromBoth { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        var (checker, _) = await App.As(Role.Factchecker);
        var (auditor, account) = await App.As(Role.Auditor);
        var story = (await checker.Post("/api/stories", new { title = "Alberta separatists", summary = "Meetings" })).Id();
        Claim = (await checker.Post($"/api/stories/{story}/claims", new { text = "Only 19% would vote for secession" })).Id();
        await TakeCheckpoint(account.Token);
        await checker.Post($"/api/claims/{Claim}/text", new { text = "Only 19 percent would vote for secession", reason = "house style" });
        await TakeCheckpoint(account.Token);
        Clean = await RecordSnapshot.Take(auditor);

        var superuser = new Superuser(App.ConnectionString);
        var options = CheckpointOptions.From(App.Services.GetRequiredService<IConfiguration>());

        // A row changed to vouch for another hash of the claim, its root recomputed so its heads still add up.
        var row = Checkpoint.FromLine(Clean.Checkpoints.Split('\n')[0]);
        var forged = row.Heads.Select(h => h.StreamId == Claim ? h with { Hash = new string('e', 64) } : h).ToList();
        await superuser.Execute("update tracker.checkpoints set heads = $2::jsonb, root = $3 where sequence = 1 and newsroom = $1",
            row.Newsroom, JsonSerializer.Serialize(forged, Checkpoint.Json), MerkleTree.Root(forged));
        RowEdited = await RecordSnapshot.Take(auditor);
        await superuser.Execute("update tracker.checkpoints set heads = $2::jsonb, root = $3 where sequence = 1 and newsroom = $1",
            row.Newsroom, JsonSerializer.Serialize(row.Heads, Checkpoint.Json), row.Root);

        var lines = await File.ReadAllLinesAsync(options.File);
        await File.WriteAllLinesAsync(options.File, lines.Where(l => !l.Contains("\"sequence\":1,")));
        LineRemoved = await RecordSnapshot.Take(auditor);
        await File.WriteAllLinesAsync(options.File, lines);

        var keyFile = Path.Combine(options.KeyFolder, "newsroom.pem");
        var original = await File.ReadAllBytesAsync(keyFile);
        using (var other = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }))
            await File.WriteAllBytesAsync(keyFile, other.Export(KeyBlobFormat.PkixPrivateKeyText));
        KeyReplaced = await RecordSnapshot.Take(auditor);
        OldFingerprint = row.KeyFingerprint;
        NewFingerprint = (await App.GetJson(account.Token, "/api/audit/key")).GetProperty("fingerprint").GetString()!;
        await File.WriteAllBytesAsync(keyFile, original);

        await superuser.Execute("delete from tracker.checkpoints where sequence = 2");
        RowDeleted = await RecordSnapshot.Take(auditor);
        await superuser.Execute("delete from tracker.checkpoints where sequence = 1");
        await File.WriteAllLinesAsync(options.File, lines.Where(l => !l.Contains("\"sequence\":1,")));
        DeletedFromBoth = await RecordSnapshot.Take(auditor);
    }

    private Task<IScenarioResult> TakeCheckpoint(string token) =>
        App.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.Post.Json(new { }).ToUrl("/api/audit/checkpoints");
            s.StatusCodeShouldBe(201);
        });

    Task IAsyncLifetime.DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
}

/// <summary>An edited, deleted or missing checkpoint and a replaced signing key are each found and named.</summary>
public sealed class CheckpointTamperingTests(CheckpointTamperingDesk desk) : IClassFixture<CheckpointTamperingDesk>
{
    [Fact]
    public void Before_anything_is_touched_both_checkpoints_verify()
    {
        desk.Clean.Ok.ShouldBeTrue(desk.Clean.Describe());
        desk.Clean.Verify.GetProperty("checkpoints").GetInt32().ShouldBe(2);
        desk.Clean.Checkpoints.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(2);
    }

    [Fact]
    public void An_edited_checkpoint_row_fails_its_signature_and_differs_from_its_file_copy()
    {
        var edited = desk.RowEdited;
        edited.Ok.ShouldBeFalse();
        edited.Failures.ShouldContain(f => f.Kind == "signature" && f.Checkpoint == 1 && f.Problem.Contains("(database)"), edited.Describe());
        edited.Failures.ShouldContain(f => f.Kind == "differs_from_file" && f.Checkpoint == 1, edited.Describe());
        edited.Failures.ShouldAllBe(f => f.Checkpoint == 1, edited.Describe());
        edited.Failures.ShouldNotContain(f => f.Stream == desk.Claim, "a forged checkpoint is no evidence against the stream");
    }

    [PythonFact]
    public async Task The_standalone_verifier_refuses_the_edited_checkpoint_too()
    {
        var python = await desk.RowEdited.Python();
        python.Exit.ShouldBe(1, python.Output);
        python.Checkpoints.ShouldBe([(1L, "signature")], python.Output);
        python.Streams.ShouldBeEmpty(python.Output);
    }

    [Fact]
    public void A_checkpoint_missing_from_the_file_copy_is_named()
    {
        desk.LineRemoved.Failures.ShouldBe([new("not_in_file", null, null, 1, desk.LineRemoved.Failures.Single().Problem)], desk.LineRemoved.Describe());
        desk.LineRemoved.Failures.Single().Problem.ShouldContain("checkpoints.jsonl");
    }

    [Fact]
    public void A_replaced_key_fails_every_checkpoint_signed_with_the_old_one()
    {
        var replaced = desk.KeyReplaced;
        replaced.Failures.Select(f => (f.Kind, f.Checkpoint)).ShouldBe([("signature", 1L), ("signature", 2L)], ignoreOrder: true, replaced.Describe());
        var (old, current) = ($"signed by key {desk.OldFingerprint[..16]}", desk.NewFingerprint[..16]);
        replaced.Failures.ShouldAllBe(f => f.Problem.Contains(old) && f.Problem.Contains(current), replaced.Describe());
        replaced.Verify.GetProperty("checkpoint").GetProperty("signatureValid").GetBoolean().ShouldBeFalse();
        replaced.Page.ShouldContain("id=\"signature\" class=\"bad\"");
        replaced.Page.ShouldContain("NOT VALID");
    }

    [PythonFact]
    public async Task The_standalone_verifier_with_the_replaced_key_refuses_every_checkpoint_too()
    {
        var python = await desk.KeyReplaced.Python();
        python.Exit.ShouldBe(1, python.Output);
        python.Checkpoints.ShouldBe([(1L, "signature"), (2L, "signature")], ignoreOrder: true, python.Output);
    }

    [Fact]
    public void A_checkpoint_row_deleted_is_named_from_its_file_copy()
    {
        desk.RowDeleted.Failures.Select(f => (f.Kind, f.Checkpoint)).ShouldBe([("not_in_database", 2L)], desk.RowDeleted.Describe());
        desk.RowDeleted.Verify.GetProperty("checkpoint").GetProperty("sequence").GetInt64().ShouldBe(2, "the latest is still known, from the file");
    }

    [Fact]
    public void A_checkpoint_deleted_from_both_copies_leaves_a_gap_in_the_numbers()
    {
        var failures = desk.DeletedFromBoth.Failures.Select(f => (f.Kind, f.Checkpoint)).ToList();
        failures.ShouldBe([("not_in_database", 2L), ("sequence_gap", 1L)], ignoreOrder: true, desk.DeletedFromBoth.Describe());
    }
}
