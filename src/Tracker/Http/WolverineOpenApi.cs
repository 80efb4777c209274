using Wolverine.Http;

namespace Tracker.Http;

/// <summary>OpenAPI text for Wolverine endpoints, as the minimal-API routes give it.</summary>
public static class WolverineOpenApi
{
    /// <summary>
    /// The route's summary. A Wolverine chain is itself endpoint metadata, listed after what its <c>Configure</c> adds, and
    /// answers the summary with its operation id (POST_api_...), which would win over <c>WithSummary</c> alone: the chain
    /// must carry the summary too.
    /// </summary>
    public static TBuilder WithSummary<TBuilder>(this TBuilder builder, HttpChain chain, string summary) where TBuilder : IEndpointConventionBuilder
    {
        chain.EndpointSummary = summary;
        return builder.WithSummary(summary);
    }
}
