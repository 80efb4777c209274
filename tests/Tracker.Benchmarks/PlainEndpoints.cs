using JasperFx.CodeGeneration;
using ClaimStream = JasperFx.Events.IEventStream<Tracker.EventStore.Aggregate<Tracker.Claims.Claim>>;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Verdicts;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;

[assembly: HostingStartup(typeof(Tracker.Benchmarks.PlainEndpointsStartup))]

namespace Tracker.Benchmarks;

/// <summary>
/// The "plain Wolverine+Marten" side of the HTTP writes figure: the same three requests and the same appends as ours
/// (the same request records, event types and claim streams, in the signed-in newsroom's conjoined tenant, on
/// Wolverine's outbox-enrolled Marten session that its transactional middleware commits, the claim fetched for writing
/// exclusively as ours does), written the way Wolverine's documentation writes such endpoints, without our layer: no
/// rules (no story or source read, no decide function), no hash chain or headers, no Idempotency-Key or If-Match, no
/// <see cref="JsonBody"/> or problem answers (Wolverine binds the body itself), no outbox staging of ours. Authentication
/// and authorisation are kept equal: the same bearer token, checked by the same scheme against the same roles, and the
/// same Wolverine policies (tenant from the newsroom claim, <see cref="NewsroomMembership"/>), since every endpoint pays
/// them and they are not the layer the comparison is about.
/// <para>
/// They exist only in the benchmark's host (<see cref="PlainEndpointsStartup"/>), never in the product, and run in the
/// same process, on the same Kestrel, pipeline and Marten store as ours, so a request to either differs only in the
/// endpoint's own work.
/// </para>
/// </summary>
public static class PlainEndpoints
{
    public const string Prefix = "/bench/plain";
    private const string OneClaim = Prefix + "/claims/{id:guid}";

    /// <summary>The same roles as our routes: a plain endpoint's caller passes the same authorisation as ours.</summary>
    public static void Configure(HttpChain chain) =>
        chain.Metadata.Allow(chain.Method.Method.Name == nameof(ProposeVerdict) ? Access.Factcheckers : Access.Reporters);

    /// <summary>Starts the claim's stream with its <see cref="ClaimLogged"/>, as Marten's documentation starts a stream.</summary>
    [WolverinePost(Prefix + "/stories/{id:guid}/claims"), Transactional]
    public static IResult LogClaim(Guid id, LogClaimRequest body, IDocumentSession session)
    {
        var claimId = Guid.CreateVersion7();
        session.Events.StartStream(claimId, new ClaimLogged(id, body.Text, body.ClaimedAt));
        return Results.Created($"/api/claims/{claimId}", new { id = claimId, storyId = id, version = 1 });
    }

    [WolverinePost(OneClaim + "/attributions")]
    public static IResult AddAttribution(Guid id, AddAttributionRequest body,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim)
    {
        var attributionId = Guid.CreateVersion7();
        claim.AppendOne(new AttributionAdded(attributionId, body.SourceId, body.Role, body.Quote, body.Url, body.Via));
        return Results.Created($"/api/claims/{id}#attribution-{attributionId}", new { claimId = id, attributionId, version = claim.StartingVersion + 1 });
    }

    [WolverinePost(OneClaim + "/verdicts")]
    public static IResult ProposeVerdict(Guid id, ProposeVerdictRequest body, HttpContext http,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim)
    {
        var verdictId = Guid.CreateVersion7();
        claim.AppendOne(new VerdictProposed(verdictId, body.Rating, body.Summary, body.Evidence, http.Actor().AccountId, null, body.CorrectionNote));
        return Results.Created($"/api/claims/{id}#verdict-{verdictId}", new { claimId = id, verdictId, version = claim.StartingVersion + 1 });
    }
}

/// <summary>
/// Adds <see cref="PlainEndpoints"/> to the app's Wolverine in the benchmark's host only: ASP.NET Core runs this
/// hosting startup because <see cref="BenchApp"/> names this assembly in <c>--hostingStartupAssemblies</c>, so
/// <c>TrackerApp.Build</c> is unchanged. Wolverine's options are changed through <c>ConfigureWolverine</c>, applied after
/// the app's own: this assembly is scanned for endpoints beside the app's, and the code load mode is Auto, so the app's
/// pre-generated handlers and endpoints are still loaded from its assembly (as Static loads them) and only the plain
/// endpoints, which have no pre-generated code, are compiled by Roslyn at start, in memory (no file is written).
/// </summary>
public sealed class PlainEndpointsStartup : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.AddWolverineRuntimeCompilation();
        services.ConfigureWolverine(opts =>
        {
            opts.Discovery.IncludeAssembly(typeof(PlainEndpoints).Assembly);
            opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Auto;
            opts.CodeGeneration.SourceCodeWritingEnabled = false;
        });
    });
}
