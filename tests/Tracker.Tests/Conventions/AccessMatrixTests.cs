using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Conventions;

/// <summary>Every route, every role, and another newsroom: who gets in is exactly what domain.md says.</summary>
public sealed class AccessMatrixTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private static readonly Role[] AllRoles = Enum.GetValues<Role>();

    private IEnumerable<(string Key, string Method, string Pattern)> MappedRoutes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (Key: $"{m} {Normalize(e.RoutePattern.RawText!)}", Method: m, Pattern: Normalize(e.RoutePattern.RawText!))))
            .Distinct();

    [Fact]
    public void Every_mapped_route_has_an_expectation_and_every_expectation_a_route()
    {
        app.Client(); // starts the app
        var mapped = MappedRoutes().Select(r => r.Key).ToHashSet();
        mapped.Except(RouteTable.Rules.Keys).ShouldBeEmpty("routes without an access expectation in RouteTable");
        RouteTable.Rules.Keys.Except(mapped).ShouldBeEmpty("expectations for routes the app does not map");
    }

    [Fact]
    public async Task Without_a_token_every_protected_route_answers_401_problem()
    {
        var anonymous = app.Client();
        foreach (var (key, method, pattern) in MappedRoutes().Where(r => RouteTable.Rules[r.Key].Allowed is not null))
        {
            var response = await anonymous.SendAsync(Request(method, RouteTable.Sample(pattern), new { }));
            await response.ShouldBeProblem(HttpStatusCode.Unauthorized, rule: "unauthenticated");
        }
    }

    [Fact]
    public async Task A_revoked_or_made_up_token_is_refused()
    {
        var forged = app.Client("trk_" + new string('A', 43));
        (await forged.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Each_role_reaches_exactly_the_routes_domain_md_gives_it()
    {
        foreach (var role in AllRoles)
        {
            var (client, _) = await app.As(role);
            foreach (var (key, method, pattern) in MappedRoutes().Where(r => RouteTable.Rules[r.Key].Allowed is not null))
            {
                var response = await client.SendAsync(Request(method, RouteTable.Sample(pattern), new { }));
                var body = await response.Content.ReadAsStringAsync();
                if (RouteTable.Rules[key].Allowed!.Contains(role))
                    response.StatusCode.ShouldNotBeOneOf([HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden], $"{role} on {key}: {body}");
                else
                    await response.ShouldBeProblem(HttpStatusCode.Forbidden, rule: "role_required");
                ((int)response.StatusCode).ShouldBeLessThan(500, $"{role} on {key}: {body}");
            }
        }
    }

    [Fact]
    public async Task Another_newsroom_gets_404_for_every_id_of_this_one()
    {
        var (_, account) = await app.As(Role.Reporter);
        var seeds = await Newsroom.Seed(app, account);
        var stranger = await app.OtherNewsroom(AllRoles);
        var before = await app.EventCount();
        foreach (var (key, method, _) in MappedRoutes())
        {
            if (RouteTable.Rules[key].Foreign is not { } foreign) continue;
            var (path, body) = foreign(seeds);
            var response = await stranger.SendAsync(Request(method, path, body));
            await response.ShouldBeProblem(HttpStatusCode.NotFound);
        }
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Another_newsroom_lists_none_of_this_ones_accounts()
    {
        var (_, account) = await app.As(Role.Editor);
        var stranger = await app.OtherNewsroom(AllRoles);
        var listed = await stranger.GetStringAsync("/api/accounts");
        listed.ShouldNotContain(account.Id.ToString());
        listed.ShouldNotContain(account.Name);
    }

    // Group prefixes leave "/api/stories/" for a group's root route; people write it without the slash.
    private static string Normalize(string raw) => "/" + raw.Trim('/');

    private static HttpRequestMessage Request(string method, string path, object? body) =>
        new(new HttpMethod(method), path) { Content = method is "GET" or "HEAD" ? null : JsonContent.Create(body ?? new { }) };
}
