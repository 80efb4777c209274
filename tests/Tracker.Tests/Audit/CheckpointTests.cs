using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NSec.Cryptography;
using Tracker.Audit.Checkpoints;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Audit;

/// <summary>Taking, reading and exporting signed checkpoints over HTTP, and where their copies and the key are kept.</summary>
public sealed class CheckpointTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_checkpoint_holds_every_stream_head_under_a_signed_root_and_is_kept_in_the_database_the_file_and_the_export()
    {
        var (checker, _) = await app.As(Role.Factchecker);
        var (editor, _) = await app.As(Role.Editor);
        var story = (await checker.Post("/api/stories", new { title = "Alberta separatists", summary = "Meetings" })).Id();
        var claim = (await checker.Post($"/api/stories/{story}/claims", new { text = "Only 19% would vote for secession" })).Id();

        var response = await editor.PostAsJsonAsync("/api/audit/checkpoints", new { });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var checkpoint = (await response.Content.ReadFromJsonAsync<Checkpoint>(Json.Options))!;
        response.Headers.Location!.ToString().ShouldBe($"/api/audit/checkpoints/{checkpoint.Sequence}");

        checkpoint.Newsroom.ShouldBe("newsroom");
        checkpoint.Heads.ShouldContain(h => h.StreamId == story && h.Version == 1);
        checkpoint.Heads.ShouldContain(h => h.StreamId == claim && h.Version == 1);
        checkpoint.Heads.Select(h => h.StreamId.ToString()).ShouldBe(checkpoint.Heads.Select(h => h.StreamId.ToString()).Order(StringComparer.Ordinal));
        (checkpoint.Streams, checkpoint.Events).ShouldBe((checkpoint.Heads.Count,
            await Scalar("select count(*) from tracker.mt_events where tenant_id = 'newsroom' and type <> 'tombstone'")));
        checkpoint.Position.ShouldBe(await Scalar("select max(seq_id) from tracker.mt_events where tenant_id = 'newsroom'"));
        checkpoint.Root.ShouldBe(MerkleTree.Root(checkpoint.Heads));
        foreach (var head in checkpoint.Heads)
            head.Hash.ShouldBe(await new Superuser(app.ConnectionString).HashAt(head.StreamId, head.Version));

        // Checked with the published key alone, as an outsider would.
        var key = await editor.GetFromJsonAsync<JsonElement>("/api/audit/key");
        var pem = key.GetProperty("pem").GetString()!;
        var publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(pem), KeyBlobFormat.PkixPublicKeyText);
        SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes(checkpoint.Statement()), Convert.FromBase64String(checkpoint.Signature)).ShouldBeTrue();
        var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----"))));
        key.GetProperty("fingerprint").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(der)));
        checkpoint.KeyFingerprint.ShouldBe(key.GetProperty("fingerprint").GetString());

        (await editor.GetFromJsonAsync<Checkpoint>($"/api/audit/checkpoints/{checkpoint.Sequence}", Json.Options))!.SameAs(checkpoint).ShouldBeTrue();
        var listed = await editor.GetFromJsonAsync<List<JsonElement>>("/api/audit/checkpoints");
        listed![^1].GetProperty("root").GetString().ShouldBe(checkpoint.Root);
        listed[^1].TryGetProperty("heads", out _).ShouldBeFalse("the list leaves the long heads out");
        var exported = (await editor.GetStringAsync("/api/export/checkpoints.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Checkpoint.FromLine(exported[^1]).SameAs(checkpoint).ShouldBeTrue("the export's last line is the latest checkpoint");
        var file = await File.ReadAllLinesAsync(Path.Combine(app.DataFolder, "checkpoints.jsonl"));
        file.Select(Checkpoint.FromLine).ShouldContain(c => c.SameAs(checkpoint), "the file copy outside the database");

        var next = (await (await editor.PostAsJsonAsync("/api/audit/checkpoints", new { })).Content.ReadFromJsonAsync<Checkpoint>(Json.Options))!;
        next.Sequence.ShouldBe(checkpoint.Sequence + 1);
    }

    [Fact]
    public async Task The_signing_key_is_a_file_only_its_owner_can_read_and_it_is_not_in_the_database()
    {
        await app.Admin.GetAsync("/api/audit/key");
        var path = Path.Combine(app.DataFolder, "checkpoint-keys", "newsroom.pem");
        File.Exists(path).ShouldBeTrue("made on first start");
        if (!OperatingSystem.IsWindows())
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (await File.ReadAllTextAsync(path)).ShouldStartWith("-----BEGIN PRIVATE KEY-----");
        (await Scalar("select count(*) from tracker.checkpoints where heads::text like '%PRIVATE%' or signature like '%PRIVATE%'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_newsroom_sees_only_its_own_checkpoints_and_key()
    {
        var (auditor, _) = await app.As(Role.Auditor);
        var mine = (await (await auditor.PostAsJsonAsync("/api/audit/checkpoints", new { })).Content.ReadFromJsonAsync<Checkpoint>(Json.Options))!;
        var stranger = await app.OtherNewsroom(Role.Auditor);
        var strangerKey = await stranger.GetFromJsonAsync<JsonElement>("/api/audit/key");
        strangerKey.GetProperty("fingerprint").GetString().ShouldNotBe(mine.KeyFingerprint, "each newsroom signs with its own key");

        (await stranger.GetStringAsync("/api/audit/checkpoints")).ShouldBe("[]");
        (await stranger.GetStringAsync("/api/export/checkpoints.jsonl")).ShouldBeEmpty();
        await (await stranger.GetAsync($"/api/audit/checkpoints/{mine.Sequence}")).ShouldBeProblem(HttpStatusCode.NotFound, "sequence", "not_found");

        var theirs = (await (await stranger.PostAsJsonAsync("/api/audit/checkpoints", new { })).Content.ReadFromJsonAsync<Checkpoint>(Json.Options))!;
        theirs.Sequence.ShouldBe(1);
        theirs.Heads.ShouldNotContain(h => mine.Heads.Any(m => m.StreamId == h.StreamId));
        (await stranger.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("ok").GetBoolean().ShouldBeTrue();
        (await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("ok").GetBoolean()
            .ShouldBeTrue("the other newsroom's lines in the shared file are not this one's");
    }

    [Theory]
    [InlineData("/api/audit/checkpoints/0")]
    [InlineData("/api/audit/checkpoints/-4")]
    [InlineData("/api/audit/checkpoints/99999")]
    [InlineData("/api/audit/checkpoints/first")]
    [InlineData("/api/audit/checkpoints/1.5")]
    public async Task A_checkpoint_number_that_names_none_is_a_404_problem(string path)
    {
        var (auditor, _) = await app.As(Role.Auditor);
        await (await auditor.GetAsync(path)).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_retry_with_the_same_Idempotency_Key_gets_the_first_checkpoint_back_and_takes_none()
    {
        var (auditor, _) = await app.As(Role.Auditor);
        HttpRequestMessage Take(string key) => new(HttpMethod.Post, "/api/audit/checkpoints") { Headers = { { "Idempotency-Key", key } } };
        var first = await auditor.SendAsync(Take("nightly-1"));
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var taken = (await first.Content.ReadFromJsonAsync<Checkpoint>(Json.Options))!;
        var count = (await auditor.GetFromJsonAsync<List<JsonElement>>("/api/audit/checkpoints"))!.Count;

        var retry = await auditor.SendAsync(Take("nightly-1"));
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        retry.Headers.Location.ShouldBe(first.Headers.Location);
        (await retry.Content.ReadFromJsonAsync<Checkpoint>(Json.Options))!.SameAs(taken).ShouldBeTrue();
        (await auditor.GetFromJsonAsync<List<JsonElement>>("/api/audit/checkpoints"))!.Count.ShouldBe(count);
        (await (await auditor.SendAsync(Take("nightly-2"))).Content.ReadFromJsonAsync<Checkpoint>(Json.Options))!.Sequence.ShouldBe(taken.Sequence + 1);
    }

    [Theory]
    [InlineData("If-Match", "\"3\"", "if_match_unsupported")]
    [InlineData("If-Match", "garbage", "if_match_format")]
    [InlineData("Idempotency-Key", "key\u0001", "idempotency_key_format")]
    public async Task A_precondition_or_retry_key_that_cannot_hold_is_a_400_naming_the_header_and_takes_nothing(string header, string value, string rule)
    {
        var (auditor, _) = await app.As(Role.Auditor);
        var before = (await auditor.GetFromJsonAsync<List<JsonElement>>("/api/audit/checkpoints"))!.Count;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/audit/checkpoints");
        request.Headers.TryAddWithoutValidation(header, value);
        await (await auditor.SendAsync(request)).ShouldBeProblem(HttpStatusCode.BadRequest, header, rule);
        (await auditor.GetFromJsonAsync<List<JsonElement>>("/api/audit/checkpoints"))!.Count.ShouldBe(before);
    }

    [Fact]
    public async Task The_workbench_exports_page_offers_the_checkpoints_and_the_key()
    {
        var (auditor, _) = await app.As(Role.Auditor);
        await auditor.PostAsJsonAsync("/api/audit/checkpoints", new { });
        var pem = await auditor.GetStringAsync("/exports/checkpoint-key.pem");
        pem.ShouldBe((await auditor.GetFromJsonAsync<JsonElement>("/api/audit/key")).GetProperty("pem").GetString());
        (await auditor.GetStringAsync("/exports/checkpoints.jsonl")).ShouldBe(await auditor.GetStringAsync("/api/export/checkpoints.jsonl"));
        var register = await auditor.GetStringAsync("/corrections");
        register.ShouldContain("href=\"/exports/checkpoints.jsonl\"");
        register.ShouldContain("href=\"/exports/checkpoint-key.pem\"");
    }

    private async Task<long> Scalar(string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
