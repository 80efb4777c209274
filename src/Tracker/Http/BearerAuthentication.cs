using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Tracker.Accounts;

namespace Tracker.Http;

/// <summary>
/// API tokens: "Authorization: Bearer trk_…". The token is hashed and looked up on every request, so a
/// revocation takes effect on the next request; no cache can keep a revoked token alive.
/// </summary>
public sealed class BearerAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, AccountDirectory accounts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.Fail("Not a bearer token.");
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200) return AuthenticateResult.Fail("Malformed token.");
        var actor = await accounts.FindByToken(token, Context.RequestAborted);
        return actor is null
            ? AuthenticateResult.Fail("Unknown or revoked token.")
            : AuthenticateResult.Success(new AuthenticationTicket(HttpActor.Principal(actor, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblem(401, "unauthenticated", "Send a valid token: Authorization: Bearer <token>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(403, "role_required", "Your account's roles do not allow this.");

    private Task WriteProblem(int status, string rule, string detail) =>
        Problems.Problem(status, rule, detail).ExecuteAsync(Context);
}
