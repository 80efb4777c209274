using System.Net;
using System.Text.Json;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Audit;

/// <summary>A damaged signing key file is the operator's problem: a clear 503, never a 500, and nothing signed with it.</summary>
public sealed class SigningKeyProblemTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_damaged_key_file_answers_503_naming_the_key_and_takes_no_checkpoint()
    {
        var editor = (await app.As(Role.Editor)).Account.Token;
        await app.Get(editor, "/api/audit/key"); // the first read makes the newsroom's key file
        var path = Path.Combine(app.DataFolder, "checkpoint-keys", "newsroom.pem");
        var original = await File.ReadAllBytesAsync(path);
        var before = (await app.GetJson<List<JsonElement>>(editor, "/api/audit/checkpoints")).Count;
        await File.WriteAllTextAsync(path, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        try
        {
            await app.Problem(s =>
            {
                s.WithBearerToken(editor);
                s.Get.Url("/api/audit/key");
            }, HttpStatusCode.ServiceUnavailable, rule: "signing_key_unusable");
            await app.PostProblem(editor, "/api/audit/checkpoints", new { }, HttpStatusCode.ServiceUnavailable, rule: "signing_key_unusable");
            (await app.GetJson<List<JsonElement>>(editor, "/api/audit/checkpoints")).Count.ShouldBe(before);
        }
        finally
        {
            await File.WriteAllBytesAsync(path, original);
        }
        await app.PostJson(editor, "/api/audit/checkpoints", new { }, 201);
    }
}
