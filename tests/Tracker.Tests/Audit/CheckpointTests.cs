using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alba;
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
        var (_, editor) = await app.As(Role.Editor);
        var story = (await checker.Post("/api/stories", new { title = "Alberta separatists", summary = "Meetings" })).Id();
        var claim = (await checker.Post($"/api/stories/{story}/claims", new { text = "Only 19% would vote for secession" })).Id();

        var response = await Take(editor.Token);
        var checkpoint = await response.ReadAs<Checkpoint>();
        response.Context.Response.Headers.Location.ToString().ShouldBe($"/api/audit/checkpoints/{checkpoint.Sequence}");

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
        var key = await app.GetJson(editor.Token, "/api/audit/key");
        var pem = key.GetProperty("pem").GetString()!;
        var publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(pem), KeyBlobFormat.PkixPublicKeyText);
        SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes(checkpoint.Statement()), Convert.FromBase64String(checkpoint.Signature)).ShouldBeTrue();
        var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----"))));
        key.GetProperty("fingerprint").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(der)));
        checkpoint.KeyFingerprint.ShouldBe(key.GetProperty("fingerprint").GetString());

        (await (await app.Get(editor.Token, $"/api/audit/checkpoints/{checkpoint.Sequence}")).ReadAs<Checkpoint>()).SameAs(checkpoint).ShouldBeTrue();
        var listed = await (await app.Get(editor.Token, "/api/audit/checkpoints")).ReadAs<List<JsonElement>>();
        listed[^1].GetProperty("root").GetString().ShouldBe(checkpoint.Root);
        listed[^1].TryGetProperty("heads", out _).ShouldBeFalse("the list leaves the long heads out");
        var exported = (await app.GetText(editor.Token, "/api/export/checkpoints.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Checkpoint.FromLine(exported[^1]).SameAs(checkpoint).ShouldBeTrue("the export's last line is the latest checkpoint");
        var file = await File.ReadAllLinesAsync(Path.Combine(app.DataFolder, "checkpoints.jsonl"));
        file.Select(Checkpoint.FromLine).ShouldContain(c => c.SameAs(checkpoint), "the file copy outside the database");

        var next = await (await Take(editor.Token)).ReadAs<Checkpoint>();
        next.Sequence.ShouldBe(checkpoint.Sequence + 1);
    }

    [Fact]
    public async Task The_signing_key_is_a_file_only_its_owner_can_read_and_it_is_not_in_the_database()
    {
        await app.Scenario(s =>
        {
            s.WithBearerToken(app.Admin.Token());
            s.Get.Url("/api/audit/key");
            s.IgnoreStatusCode(); // as before: only a request, the key file is what is checked
        });
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
        var (_, auditor) = await app.As(Role.Auditor);
        var mine = await (await Take(auditor.Token)).ReadAs<Checkpoint>();
        var stranger = (await app.OtherNewsroom(Role.Auditor)).Token();
        var strangerKey = await app.GetJson(stranger, "/api/audit/key");
        strangerKey.GetProperty("fingerprint").GetString().ShouldNotBe(mine.KeyFingerprint, "each newsroom signs with its own key");

        (await app.GetText(stranger, "/api/audit/checkpoints")).ShouldBe("[]");
        (await app.GetText(stranger, "/api/export/checkpoints.jsonl")).ShouldBeEmpty();
        await app.Problem(s =>
        {
            s.WithBearerToken(stranger);
            s.Get.Url($"/api/audit/checkpoints/{mine.Sequence}");
        }, HttpStatusCode.NotFound, "sequence", "not_found");

        var theirs = await (await Take(stranger)).ReadAs<Checkpoint>();
        theirs.Sequence.ShouldBe(1);
        theirs.Heads.ShouldNotContain(h => mine.Heads.Any(m => m.StreamId == h.StreamId));
        (await app.GetJson(stranger, "/api/audit/verify")).GetProperty("ok").GetBoolean().ShouldBeTrue();
        (await app.GetJson(auditor.Token, "/api/audit/verify")).GetProperty("ok").GetBoolean()
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
        var (_, auditor) = await app.As(Role.Auditor);
        await app.Problem(s =>
        {
            s.WithBearerToken(auditor.Token);
            s.Get.Url(path);
        }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_retry_with_the_same_Idempotency_Key_gets_the_first_checkpoint_back_and_takes_none()
    {
        var (_, auditor) = await app.As(Role.Auditor);
        var first = await Take(auditor.Token, "nightly-1");
        var firstText = await first.ReadAsTextAsync();
        var taken = await first.ReadAs<Checkpoint>();
        var count = await Count(auditor.Token);

        var retry = await app.Scenario(s =>
        {
            s.WithBearerToken(auditor.Token);
            s.WithRequestHeader("Idempotency-Key", "nightly-1");
            s.Post.Url("/api/audit/checkpoints");
            s.StatusCodeShouldBe(201);
            s.Header("Idempotent-Replayed").SingleValueShouldEqual("true");
        });
        var location = first.Context.Response.Headers.Location.ToString();
        location.ShouldNotBeNullOrEmpty();
        retry.Context.Response.Headers.Location.ToString().ShouldBe(location);
        (await retry.ReadAs<Checkpoint>()).SameAs(taken).ShouldBeTrue();
        (await retry.ReadAsTextAsync()).ShouldBe(firstText, "the first answer byte for byte, for a client that hashes it");
        (await Count(auditor.Token)).ShouldBe(count);
        (await (await Take(auditor.Token, "nightly-2")).ReadAs<Checkpoint>()).Sequence.ShouldBe(taken.Sequence + 1);
    }

    [Theory]
    [InlineData("If-Match", "\"3\"", "if_match_unsupported")]
    [InlineData("If-Match", "garbage", "if_match_format")]
    [InlineData("Idempotency-Key", "key\u0001", "idempotency_key_format")]
    public async Task A_precondition_or_retry_key_that_cannot_hold_is_a_400_naming_the_header_and_takes_nothing(string header, string value, string rule)
    {
        var (_, auditor) = await app.As(Role.Auditor);
        var before = await Count(auditor.Token);
        await app.Problem(s =>
        {
            s.WithBearerToken(auditor.Token);
            s.WithRequestHeader(header, value);
            s.Post.Url("/api/audit/checkpoints");
        }, HttpStatusCode.BadRequest, header, rule);
        (await Count(auditor.Token)).ShouldBe(before);
    }

    [Fact]
    public async Task The_workbench_exports_page_offers_the_checkpoints_and_the_key()
    {
        var (auditor, account) = await app.As(Role.Auditor);
        await Take(account.Token);
        // The workbench's own pages are read as a browser-ish client does, with the HttpClient.
        var pem = await auditor.GetStringAsync("/exports/checkpoint-key.pem");
        pem.ShouldBe((await app.GetJson(account.Token, "/api/audit/key")).GetProperty("pem").GetString());
        (await auditor.GetStringAsync("/exports/checkpoints.jsonl")).ShouldBe(await app.GetText(account.Token, "/api/export/checkpoints.jsonl"));
        var register = await auditor.GetStringAsync("/corrections");
        register.ShouldContain("href=\"/exports/checkpoints.jsonl\"");
        register.ShouldContain("href=\"/exports/checkpoint-key.pem\"");
    }

    /// <summary>POST /api/audit/checkpoints (with this retry key, or an empty JSON body without one); it must be 201.</summary>
    private Task<IScenarioResult> Take(string token, string? idempotencyKey = null) =>
        app.Scenario(s =>
        {
            s.WithBearerToken(token);
            if (idempotencyKey is null) s.Post.Json(new { }).ToUrl("/api/audit/checkpoints");
            else
            {
                s.WithRequestHeader("Idempotency-Key", idempotencyKey);
                s.Post.Url("/api/audit/checkpoints");
            }
            s.StatusCodeShouldBe(201);
        });

    private async Task<int> Count(string token) => (await app.GetJson(token, "/api/audit/checkpoints")).GetArrayLength();

    private async Task<long> Scalar(string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
