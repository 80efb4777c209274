using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Resilience;

/// <summary>
/// Sixty-four desks correct one claim at once, each naming the version it read in If-Match. Optimistic
/// concurrency must give every version to exactly one of them, refuse the rest with 412, and lose nothing.
/// </summary>
public sealed class ConcurrentWriteTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private const int Desks = 64;
    private const int Corrections = 40;

    private sealed record Win(int Read, int Version, string Text);

    [Fact(Timeout = 60_000)]
    public async Task Sixty_four_desks_racing_with_if_match_each_version_has_one_winner_and_history_has_no_gap()
    {
        var (_, account) = await app.As(Role.Factchecker);
        var story = (await app.PostJson(account.Token, "/api/stories", new { title = "Alberta separatists and US officials", summary = "Meetings reported by the FT" })).Id();
        var claim = (await app.PostJson(account.Token, $"/api/stories/{story}/claims", new { text = "APP leaders met State Department officials three times" })).Id();

        var wins = new ConcurrentQueue<Win>();
        var stale = new ConcurrentQueue<int>();
        var unexpected = new ConcurrentQueue<string>();
        var won = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var desks = Enumerable.Range(0, Desks).Select(desk => Task.Run(async () =>
        {
            for (var attempt = 0; Volatile.Read(ref won) < Corrections && !timeout.IsCancellationRequested; attempt++)
            {
                var read = await app.Get(account.Token, $"/api/claims/{claim}");
                var version = int.Parse(read.Context.Response.Headers.ETag.ToString().Trim('"'));
                var text = $"APP leaders met officials, as desk {desk} read it on attempt {attempt}";
                var response = await app.Scenario(s =>
                {
                    s.WithBearerToken(account.Token);
                    s.WithRequestHeader("If-Match", $"\"{version}\"");
                    s.Post.Json(new { text, reason = "wording" }).ToUrl($"/api/claims/{claim}/text");
                    s.IgnoreStatusCode();
                });
                var body = await response.ReadAsTextAsync();
                switch ((HttpStatusCode)response.Context.Response.StatusCode)
                {
                    case HttpStatusCode.OK:
                        wins.Enqueue(new Win(version, JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32(), text));
                        Interlocked.Increment(ref won);
                        break;
                    case HttpStatusCode.PreconditionFailed:
                        await response.ShouldBeProblem(HttpStatusCode.PreconditionFailed, field: "If-Match", rule: "stale_version");
                        stale.Enqueue(version);
                        break;
                    default:
                        unexpected.Enqueue($"{response.Context.Response.StatusCode} {body}");
                        break;
                }
            }
        })).ToList();
        await Task.WhenAll(desks);

        unexpected.ShouldBeEmpty();
        var winners = wins.ToList();
        winners.Count.ShouldBeGreaterThanOrEqualTo(Corrections);
        stale.Count.ShouldBeGreaterThan(Desks, "the desks really raced");
        winners.GroupBy(w => w.Read).Where(g => g.Count() > 1).Select(g => $"version {g.Key} won {g.Count()} times").ShouldBeEmpty();
        winners.ShouldAllBe(w => w.Version == w.Read + 1);
        stale.Distinct().Except(winners.Select(w => w.Read)).ShouldBeEmpty("a 412 only ever names a version someone else won");

        var history = (await app.GetJson(account.Token, $"/api/claims/{claim}/history")).EnumerateArray().ToList();
        history.Select(e => e.GetProperty("version").GetInt32()).ShouldBe(Enumerable.Range(1, winners.Count + 1), "versions 1..n without a gap");
        var texts = history.Skip(1).ToDictionary(e => e.GetProperty("version").GetInt32(), e => e.GetProperty("data").GetProperty("text").GetString());
        foreach (var win in winners) texts[win.Version].ShouldBe(win.Text, "every acknowledged correction is in the history at its version");

        // A conflict the database caught leaves Marten's tombstone stream row (version 0, no events): not a break.
        var verified = await app.Store.Verify("newsroom");
        verified.Ok.ShouldBeTrue(string.Join("; ", verified.Failures.Select(f => f.Problem)));
    }
}
