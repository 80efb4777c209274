using System.Net;
using Alba;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Conventions;

/// <summary>Every route, every role, and another newsroom, as Alba scenarios with real tokens: who gets in is exactly what the role table (docs/api.md, Roles) says.</summary>
public sealed class AccessMatrixTests(TrackerAppFactory app) : AccessMatrix(app), IClassFixture<TrackerAppFactory>;

/// <summary>
/// The same matrix with the newsroom under test in a database of its own on another PostgreSQL cluster, and the other
/// newsroom in the main database: every route serves a placed newsroom, and isolation holds across databases.
/// </summary>
public sealed class PlacedNewsroomAccessMatrixTests(PlacedNewsroomApp app) : AccessMatrix(app), IClassFixture<PlacedNewsroomApp>;

public abstract class AccessMatrix(TrackerAppFactory app)
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
        foreach (var (key, method, pattern) in MappedRoutes().Where(r => RouteTable.Rules[r.Key].Allowed is not null))
            await (await Send(null, method, RouteTable.Sample(pattern), new { })).ShouldBeProblem(HttpStatusCode.Unauthorized, rule: "unauthenticated");
    }

    [Fact]
    public async Task A_revoked_or_made_up_token_is_refused()
    {
        await (await Send("trk_" + new string('A', 43), "GET", "/api/me", null)).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Each_role_reaches_exactly_the_routes_domain_md_gives_it()
    {
        foreach (var role in AllRoles)
        {
            var (_, account) = await app.As(role);
            foreach (var (key, method, pattern) in MappedRoutes().Where(r => RouteTable.Rules[r.Key].Allowed is not null))
            {
                var result = await Send(account.Token, method, RouteTable.Sample(pattern), new { });
                var (status, body) = (result.Context.Response.StatusCode, await result.ReadAsTextAsync());
                if (RouteTable.Rules[key].Allowed!.Contains(role))
                    status.ShouldNotBeOneOf([401, 403], $"{role} on {key}: {body}");
                else
                    await result.ShouldBeProblem(HttpStatusCode.Forbidden, rule: "role_required");
                status.ShouldBeLessThan(500, $"{role} on {key}: {body}");
            }
        }
    }

    [Fact]
    public async Task Another_newsroom_gets_404_for_every_id_of_this_one()
    {
        var (_, account) = await app.As(Role.Reporter);
        var seeds = await Newsroom.Seed(app, account);
        var stranger = (await app.OtherNewsroom(AllRoles)).Token();
        var before = await app.EventCount();
        foreach (var (key, method, _) in MappedRoutes())
        {
            if (RouteTable.Rules[key].Foreign is not { } foreign) continue;
            var (path, body) = foreign(seeds);
            await (await Send(stranger, method, path, body)).ShouldBeProblem(HttpStatusCode.NotFound);
        }
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Another_newsroom_lists_none_of_this_ones_accounts()
    {
        var (_, account) = await app.As(Role.Editor);
        var stranger = (await app.OtherNewsroom(AllRoles)).Token();
        var listed = await app.GetText(stranger, "/api/accounts");
        listed.ShouldNotContain(account.Id.ToString());
        listed.ShouldNotContain(account.Name);
    }

    // Group prefixes leave "/api/stories/" for a group's root route; people write it without the slash.
    private static string Normalize(string raw) => "/" + raw.Trim('/');

    /// <summary>Any route's request as an Alba scenario, with a JSON body unless it reads; every answer is the test's to judge.</summary>
    private Task<IScenarioResult> Send(string? token, string method, string path, object? body) =>
        app.Scenario(s =>
        {
            if (token is not null) s.WithBearerToken(token);
            if (method is "GET" or "HEAD") (method == "GET" ? s.Get : s.Head).Url(path);
            else (method switch { "PUT" => s.Put, "DELETE" => s.Delete, "PATCH" => s.Patch, _ => s.Post }).Json(body ?? new { }).ToUrl(path);
            s.IgnoreStatusCode();
        });
}
