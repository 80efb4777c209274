using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Resilience;

/// <summary>
/// Someone with the database's superuser rights edits and deletes stored events behind the app's back, with the
/// append-only triggers switched off. Verification must name each stream and version that no longer chains.
/// </summary>
public sealed class TamperingTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact(Timeout = 60_000)]
    public async Task An_event_edited_or_deleted_behind_the_apps_back_is_reported_by_stream_and_version()
    {
        var (checker, _) = await app.As(Role.Factchecker);
        var story = (await checker.Post("/api/stories", new { title = "Alberta separatists and US officials", summary = "Meetings reported by the FT" })).Id();
        var edited = (await checker.Post($"/api/stories/{story}/claims", new { text = "Only 19% would vote for secession" })).Id();
        await checker.Post($"/api/claims/{edited}/text", new { text = "Only 19 percent would vote for secession", reason = "house style" });
        await checker.Post($"/api/claims/{edited}/text", new { text = "Only 19% of Albertans would vote for secession", reason = "precision" });
        var gapped = (await checker.Post($"/api/stories/{story}/claims", new { text = "About 30% support sovereignty" })).Id();
        await checker.Post($"/api/claims/{gapped}/text", new { text = "About 30% support for sovereignty", reason = "quote" });
        await checker.Post($"/api/claims/{gapped}/text", new { text = "About 30 percent support for sovereignty", reason = "house style" });
        (await Failures()).ShouldBeEmpty("the chains hold before anyone tampers");

        await Tamper($"update tracker.mt_events set data = jsonb_set(data, '{{text}}', '\"Only 9% would vote for secession\"') where stream_id = '{edited}' and version = 2");
        await Tamper($"delete from tracker.mt_events where stream_id = '{gapped}' and version = 2");

        var failures = await Failures();
        failures.ShouldContain(f => f.Stream == edited && f.Version == 2, Describe(failures));
        // A deleted link is noticed at the next one, which names the missing version.
        failures.ShouldContain(f => f.Stream == gapped && (f.Version == 2 || f.Problem.Contains("version 2 ")), Describe(failures));
        failures.ShouldAllBe(f => f.Stream == edited || f.Stream == gapped, Describe(failures));
    }

    /// <summary>As the superuser the test cluster gives us: replica mode skips the append-only triggers.</summary>
    private async Task Tamper(string sql)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"set session_replication_role = replica; {sql}; set session_replication_role = origin", conn);
        (await cmd.ExecuteNonQueryAsync()).ShouldBe(1);
    }

    /// <summary>GET /api/audit/verify as an auditor once the app has it; until then the store's own verification.</summary>
    private async Task<List<(Guid Stream, int Version, string Problem)>> Failures()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        if (!routes.Any(r => r.RoutePattern.RawText?.Trim('/') == "api/audit/verify"))
        {
            var report = await app.Store.Verify("newsroom");
            return [.. report.Failures.Select(f => (f.StreamId, f.Version, f.Problem))];
        }
        var (auditor, _) = await app.As(Role.Auditor);
        var body = JsonDocument.Parse(await auditor.GetStringAsync("/api/audit/verify")).RootElement;
        return [.. body.GetProperty("failures").EnumerateArray()
            .Select(f => (f.GetProperty("streamId").GetGuid(), f.GetProperty("version").GetInt32(), f.GetProperty("problem").GetString() ?? ""))];
    }

    private static string Describe(IEnumerable<(Guid Stream, int Version, string Problem)> failures) =>
        "reported: " + string.Join("; ", failures.Select(f => $"{f.Stream} v{f.Version}: {f.Problem}"));
}
