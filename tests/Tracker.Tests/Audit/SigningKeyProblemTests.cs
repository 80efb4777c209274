using System.Net;
using System.Net.Http.Json;
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
        var (editor, _) = await app.As(Role.Editor);
        await editor.GetAsync("/api/audit/key");
        var path = Path.Combine(app.DataFolder, "checkpoint-keys", "newsroom.pem");
        var original = await File.ReadAllBytesAsync(path);
        var before = (await editor.GetFromJsonAsync<List<JsonElement>>("/api/audit/checkpoints"))!.Count;
        await File.WriteAllTextAsync(path, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        try
        {
            foreach (var response in new[] { await editor.GetAsync("/api/audit/key"), await editor.PostAsJsonAsync("/api/audit/checkpoints", new { }) })
            {
                response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await response.Content.ReadAsStringAsync());
                response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
                (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString().ShouldBe("signing_key_unusable");
            }
            (await editor.GetFromJsonAsync<List<JsonElement>>("/api/audit/checkpoints"))!.Count.ShouldBe(before);
        }
        finally
        {
            await File.WriteAllBytesAsync(path, original);
        }
        (await editor.PostAsJsonAsync("/api/audit/checkpoints", new { })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
