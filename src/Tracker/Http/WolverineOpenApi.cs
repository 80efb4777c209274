using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
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

    /// <summary>
    /// Request bodies for the Wolverine endpoints: they read their body themselves (<see cref="JsonBody"/>, for the API's
    /// own 400s), so Wolverine describes none; the <c>Accepts</c> their <c>Configure</c> declares becomes the body here.
    /// </summary>
    public static void DescribeRequestBodies(OpenApiOptions options) => options.AddOperationTransformer(async (operation, context, ct) =>
    {
        if (operation.RequestBody is not null) return;
        var accepts = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAcceptsMetadata>().LastOrDefault(a => a.RequestType is not null);
        if (accepts?.RequestType is not { } type) return;
        var schema = await context.GetOrCreateSchemaAsync(type, null, ct);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
        };
    });
}
