using System.Net;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Conventions;

/// <summary>
/// Routes that take no body (approve, restore, enable, revocations, a checkpoint) refuse one that holds anything, as
/// every other route refuses an unknown field, rather than ignoring it: a note sent with an approval would be lost.
/// </summary>
public sealed class NoBodyRouteTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_field_or_a_non_object_is_refused_and_writes_nothing_and_an_empty_object_is_taken()
    {
        var (_, away) = await app.As(Role.Factchecker);
        var (_, auditor) = await app.As(Role.Auditor);
        await app.PostJson(app.Admin.Token(), $"/api/accounts/{away.Id}/disable", new { reason = "left the paper" }, 200);
        var before = await app.EventCount();

        await app.PostProblem(app.Admin.Token(), $"/api/accounts/{away.Id}/enable", new { note = "back from leave" },
            HttpStatusCode.BadRequest, "note", "unknown_field");
        await app.PostRawProblem(app.Admin.Token(), $"/api/accounts/{away.Id}/enable", "[1]", HttpStatusCode.BadRequest, "body", "no_body");
        await app.PostRawProblem(app.Admin.Token(), $"/api/accounts/{away.Id}/enable", "{\"note\":", HttpStatusCode.BadRequest, "body", "malformed_json");
        await app.PostProblem(auditor.Token, "/api/audit/checkpoints", new { label = "before the export" }, HttpStatusCode.BadRequest, "label", "unknown_field");
        (await app.EventCount()).ShouldBe(before);

        await app.PostJson(app.Admin.Token(), $"/api/accounts/{away.Id}/enable", new { }, 200);
        (await app.EventCount()).ShouldBe(before + 1);
    }
}
