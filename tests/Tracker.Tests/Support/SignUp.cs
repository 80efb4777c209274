using System.Net.Http.Json;
using Tracker.Accounts;
using Tracker.Commands;

namespace Tracker.Tests.Support;

/// <summary>An account as its person holds it after redeeming the setup code: with their own first token.</summary>
public sealed record SignedUp(Guid Id, string Name, IReadOnlyList<Role> Roles, Guid TokenId, string Token, string Password);

/// <summary>How a person joins, as the product does it: an admin creates the account, the person redeems the code.</summary>
public static class SignUp
{
    public const string Password = "a long passphrase for tests";

    public static async Task<SignedUp> Create(HttpClient admin, HttpClient anonymous, string name, IReadOnlyList<Role> roles, string password = Password)
    {
        var response = await admin.PostAsJsonAsync("/api/accounts", new { name, roles = RoleNames.ToArray(roles) });
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<CreatedAccount>(Json.Options))!;
        var issued = await Redeem(anonymous, created.SetupCode!, password);
        return new SignedUp(created.Id, created.Name, created.Roles, issued.TokenId, issued.Token!, password);
    }

    /// <summary>A reporter with this name who chose this password (for tests that sign in with a password).</summary>
    public static Task<SignedUp> Reporter(HttpClient admin, HttpClient anonymous, string name, string password) =>
        Create(admin, anonymous, name, [Role.Reporter], password);

    public static async Task<IssuedToken> Redeem(HttpClient anonymous, string setupCode, string password)
    {
        var response = await anonymous.PostAsJsonAsync("/api/accounts/setup", new { setupCode, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IssuedToken>(Json.Options))!;
    }
}
