using System.Net;
using System.Text.Json;
using Alba;
using Npgsql;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Tests.Support;

namespace Tracker.Tests.Exports;

/// <summary>Who may export and verify, what a bad query value gets, and what the verify route reports.</summary>
[Collection(ExportCollection.Name)]
public sealed class ExportAccessTests(ExportDesk desk)
{
    private static readonly string[] Routes =
        ["/api/export/events.ndjson", "/api/export/claims.csv", "/api/export/claimreview.json", "/api/audit/verify"];

    [Fact]
    public async Task Auditors_and_editors_may_export_and_verify_and_no_one_else()
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            var token = (await desk.As(role)).Token();
            var allowed = role is Role.Auditor or Role.Editor;
            foreach (var route in Routes)
            {
                var result = await desk.App.Scenario(s =>
                {
                    s.WithBearerToken(token);
                    s.Get.Url(route);
                    s.IgnoreStatusCode(); // asserted below, naming the role and the route
                });
                if (allowed) result.Context.Response.StatusCode.ShouldBe(200, $"{role} on {route}");
                else await result.ShouldBeProblem(HttpStatusCode.Forbidden, rule: "role_required");
            }
        }
    }

    [Theory]
    [InlineData("events.ndjson?afterSeq=ten", "afterSeq")]
    [InlineData("events.ndjson?afterSeq=-1", "afterSeq")]
    [InlineData("events.ndjson?from=yesterday", "from")]
    [InlineData("events.ndjson?to=2026-13-01", "to")]
    [InlineData("events.ndjson?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [InlineData("events.ndjson?story=story-one", "story")]
    [InlineData("claims.csv?story=42", "story")]
    [InlineData("claimreview.json?story=x", "story")]
    public async Task A_bad_query_value_is_a_problem_naming_the_parameter(string query, string parameter) =>
        await Problem("/api/export/" + query, HttpStatusCode.BadRequest, parameter);

    [Theory]
    [InlineData("events.ndjson")]
    [InlineData("claims.csv")]
    [InlineData("claimreview.json")]
    public async Task An_unknown_story_is_not_found(string export) =>
        await Problem($"/api/export/{export}?story={Guid.NewGuid()}", HttpStatusCode.NotFound, "story", "not_found");

    [Fact]
    public async Task Verify_recomputes_the_newsroom_s_chains_and_names_a_broken_link()
    {
        var healthy = await desk.App.GetJson(Auditor, "/api/audit/verify");
        healthy.GetProperty("ok").GetBoolean().ShouldBeTrue(healthy.ToString());
        healthy.GetProperty("streams").GetInt64().ShouldBeGreaterThan(10);
        healthy.GetProperty("events").GetInt64().ShouldBeGreaterThan(healthy.GetProperty("streams").GetInt64());
        healthy.GetProperty("failures").GetArrayLength().ShouldBe(0);

        // Tamper with a throwaway newsroom's ledger the way only a database superuser could.
        var stranger = (await desk.App.OtherNewsroom(Role.Auditor)).Token();
        var tenant = (await desk.App.GetJson(stranger, "/api/me")).GetProperty("newsroom").GetString()!;
        var (streamId, version) = await Tamper(tenant);

        var broken = await desk.App.GetJson(stranger, "/api/audit/verify");
        broken.GetProperty("ok").GetBoolean().ShouldBeFalse();
        broken.GetProperty("failures").EnumerateArray().ShouldContain(f =>
            f.GetProperty("streamId").GetGuid() == streamId && f.GetProperty("version").GetInt32() == version, broken.ToString());
        (await desk.App.GetJson(Auditor, "/api/audit/verify")).GetProperty("ok").GetBoolean().ShouldBeTrue("another newsroom's break is not this one's");
    }

    private string Auditor => desk.Auditor.Token();

    private Task<JsonElement> Problem(string url, HttpStatusCode status, string field, string? rule = null) =>
        desk.App.Problem(s =>
        {
            s.WithBearerToken(Auditor);
            s.Get.Url(url);
        }, status, field, rule);

    private async Task<(Guid StreamId, int Version)> Tamper(string tenant)
    {
        await using var conn = new NpgsqlConnection(desk.App.ConnectionString);
        await conn.OpenAsync();
        await using (var off = new NpgsqlCommand("set session_replication_role = replica", conn)) await off.ExecuteNonQueryAsync();
        await using var cmd = new NpgsqlCommand(
            $"update {TrackerStore.Schema}.mt_events set data = jsonb_set(data, '{{name}}', '\"Someone else\"') " +
            "where tenant_id = $1 and type = 'account_created' returning stream_id, version", conn);
        cmd.Parameters.Add(new() { Value = tenant });
        await using var reader = await cmd.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        var tampered = (reader.GetGuid(0), (int)reader.GetInt64(1));
        await reader.CloseAsync();
        await using (var on = new NpgsqlCommand("set session_replication_role = origin", conn)) await on.ExecuteNonQueryAsync();
        return tampered;
    }
}
