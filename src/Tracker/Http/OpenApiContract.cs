using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tracker.Http;

/// <summary>
/// What docs/api.md promises every route, written into the OpenAPI document: the bearer token (Swagger UI's Authorize
/// button), and the problem+json answers a route can give — 401 and 403 where roles apply, 404 where the route names a
/// resource, and on writes 400, 409, 412, 413, 415 and 422. Derived from each endpoint's metadata, so a new route is
/// described the same way.
/// </summary>
public static class OpenApiContract
{
    public const string Scheme = "bearer";

    public static void Describe(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token (tracker tokens, /me, or the admin-token file on first start).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            var problem = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), null, ct);
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var method = context.Description.HttpMethod ?? "GET";
            var path = context.Description.RelativePath ?? "";
            operation.Responses ??= new OpenApiResponses();
            if (metadata.OfType<AllowedRoles>().Any())
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
                Problem(operation, problem, 401, "No token, or one that is revoked or expired");
                Problem(operation, problem, 403, "The account's roles do not allow this");
            }
            if (path.Contains('{')) Problem(operation, problem, 404, "No such resource in the signed-in account's newsroom");
            if (!HttpMethods.IsGet(method))
            {
                Problem(operation, problem, 400, "Malformed input: the problem names the field and the rule");
                Problem(operation, problem, 409, "A concurrent write, or a state the rule refuses (the problem names the rule)");
                Problem(operation, problem, 412, "If-Match names a version that is no longer current; nothing was written");
                Problem(operation, problem, 413, "The body is over the size limit");
                Problem(operation, problem, 415, "The body is not JSON");
                Problem(operation, problem, 422, "A rule refused the input, or an Idempotency-Key was reused with another body");
            }
        });
    }

    private static void Problem(OpenApiOperation operation, IOpenApiSchema schema, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key)) return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }
}
