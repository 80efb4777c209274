using System.Net.Http.Json;
using System.Text.Json;

namespace Tracker.Tests.Audit;

/// <summary>
/// What an auditor sees at one moment: GET /api/audit/verify, the verify page, and the three files an outsider checks
/// with (events.ndjson, checkpoints.jsonl, the public key), all fetched over HTTP with the auditor's token.
/// </summary>
public sealed record RecordSnapshot(JsonElement Verify, string Page, string Events, string Checkpoints, string KeyPem)
{
    public static async Task<RecordSnapshot> Take(HttpClient auditor)
    {
        var verify = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        var key = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/key");
        return new RecordSnapshot(verify, await auditor.GetStringAsync("/verify"), await auditor.GetStringAsync("/api/export/events.ndjson"),
            await auditor.GetStringAsync("/api/export/checkpoints.jsonl"), key.GetProperty("pem").GetString()!);
    }

    public bool Ok => Verify.GetProperty("ok").GetBoolean();

    public IReadOnlyList<Failure> Failures => [.. Verify.GetProperty("failures").EnumerateArray().Select(f => new Failure(
        f.GetProperty("kind").GetString()!,
        f.TryGetProperty("streamId", out var s) ? s.GetGuid() : null,
        f.TryGetProperty("version", out var v) ? v.GetInt32() : null,
        f.TryGetProperty("checkpoint", out var c) ? c.GetInt64() : null,
        f.GetProperty("problem").GetString()!))];

    public string Describe() => "reported: " + string.Join("; ", Failures);

    public Task<StandaloneVerifier.Outcome> Python() => StandaloneVerifier.Run(Events, Checkpoints, KeyPem);

    public sealed record Failure(string Kind, Guid? Stream, int? Version, long? Checkpoint, string Problem);
}
