using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Tracker.Web;

/// <summary>
/// The workbench's one stylesheet and one script, embedded in the assembly so the app serves them from wherever
/// it runs (a test host, a container, a single-file publish) without a wwwroot folder or a front-end build.
/// </summary>
public static class Assets
{
    private sealed record Asset(byte[] Content, string ContentType, string ETag);

    private static readonly FrozenDictionary<string, Asset> Files = new Dictionary<string, Asset>
    {
        ["site.css"] = Load("site.css", "text/css; charset=utf-8"),
        ["workbench.js"] = Load("workbench.js", "text/javascript; charset=utf-8"),
    }.ToFrozenDictionary();

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/web/{file}", (HttpContext http, string file) =>
        {
            if (!Files.TryGetValue(file, out var asset)) return Results.NotFound();
            http.Response.Headers.CacheControl = "public, max-age=300";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            if (http.Request.Headers.IfNoneMatch == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
            http.Response.Headers.ETag = asset.ETag;
            return Results.Bytes(asset.Content, asset.ContentType);
        }).AllowAnonymous().ExcludeFromDescription();

    private static Asset Load(string name, string contentType)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream("web/" + name)
            ?? throw new InvalidOperationException($"The workbench asset {name} is not embedded in the assembly.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        return new(bytes, contentType, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
    }
}
