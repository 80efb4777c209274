using System.CommandLine;
using Spectre.Console;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Newsrooms.Placement;

namespace Tracker.Cli;

/// <summary>tracker accounts add|roles|list, tracker tokens revoke, tracker newsrooms add: the admin's jobs from a shell.</summary>
public static class AccountVerbs
{
    private static readonly Option<string?> Newsroom = new("--newsroom") { Description = "Newsroom slug (default: the only one there is)" };

    public static Command Accounts()
    {
        var name = new Argument<string>("name") { Description = "The person's name as colleagues know it" };
        var roles = new Option<string[]>("--role") { Description = $"A role to grant ({RoleNames.All}); repeat for several", Required = true, AllowMultipleArgumentsPerToken = true };
        var add = new Command("add", "Create an account and print its setup code (shown once): the person redeems it to set their password") { name, roles, Newsroom };
        add.SetAction(async (parse, ct) =>
        {
            if (Roles(parse.GetValue(roles)!) is not { } parsed) return 1;
            using var host = await TrackerCli.Host(parse, ct);
            var newsroom = await ResolveNewsroom(host.Services, parse.GetValue(Newsroom), ct);
            if (newsroom is null) return TrackerCli.Fail("Name the newsroom with --newsroom; there are several.");
            var context = new CommandContext(FirstStart.SystemActor(newsroom));
            var account = NewInvite.Prepare(parse.GetValue(name), parsed, host.Services.GetRequiredService<TimeProvider>().GetUtcNow());
            var outcome = await host.Services.GetRequiredService<AccountService>().Invite(context, account, ct);
            if (outcome is CommandOutcome.Rejected rejected) return TrackerCli.Fail($"{rejected.Rejection.Field}: {rejected.Rejection.Message}");
            AnsiConsole.MarkupLineInterpolated($"Created [bold]{account.Name}[/] ({string.Join(", ", RoleNames.ToArray(account.Roles))}) in {newsroom}, id {account.Id}");
            // Nobody is handed a credential for someone else: the person redeems this at /setup and sets their own password.
            AnsiConsole.MarkupLineInterpolated($"Setup code (shown once, good until {account.ExpiresAt:u}): [green]{account.SetupCode}[/]");
            return 0;
        });

        var grantRoles = new Option<string[]>("--role") { Description = $"A role the account is to hold ({RoleNames.All}); repeat for several", Required = true, AllowMultipleArgumentsPerToken = true };
        var who = new Argument<string>("name") { Description = "The account's name" };
        // The operator's way to change anyone's roles, the first admin's included: no admin can grant roles to an account
        // that set up their own (AccountDecisions.ChangeRoles), and in a newsroom whose first admin set up everyone else,
        // only the operator, who holds the machine anyway, is in a position to.
        var changeRoles = new Command("roles", "Replace an account's roles (recorded with \"system\" as the granting actor)") { who, grantRoles, Newsroom };
        changeRoles.SetAction(async (parse, ct) =>
        {
            if (Roles(parse.GetValue(grantRoles)!) is not { } parsed) return 1;
            using var host = await TrackerCli.Host(parse, ct);
            var newsroom = await ResolveNewsroom(host.Services, parse.GetValue(Newsroom), ct);
            if (newsroom is null) return TrackerCli.Fail("Name the newsroom with --newsroom; there are several.");
            var named = parse.GetValue(who)!.Trim();
            var account = (await host.Services.GetRequiredService<AccountDirectory>().List(newsroom, ct))
                .FirstOrDefault(a => string.Equals(a.Name, named, StringComparison.OrdinalIgnoreCase));
            if (account is null) return TrackerCli.Fail($"No account named '{named}' in {newsroom}. `tracker accounts list` shows them.");
            var outcome = await host.Services.GetRequiredService<AccountService>().ChangeRoles(new CommandContext(FirstStart.SystemActor(newsroom)), account.Id, parsed, ct);
            if (outcome is CommandOutcome.Rejected rejected) return TrackerCli.Fail($"{rejected.Rejection.Field}: {rejected.Rejection.Message}");
            if (outcome is not CommandOutcome.Appended) return TrackerCli.Fail("Someone changed this account at the same moment; try again.");
            AnsiConsole.MarkupLineInterpolated($"[bold]{account.Name}[/] in {newsroom} now holds: {string.Join(", ", RoleNames.ToArray(parsed))}");
            return 0;
        });

        var list = new Command("list", "List a newsroom's accounts") { Newsroom };
        list.SetAction(async (parse, ct) =>
        {
            using var host = await TrackerCli.Host(parse, ct);
            var newsroom = await ResolveNewsroom(host.Services, parse.GetValue(Newsroom), ct);
            if (newsroom is null) return TrackerCli.Fail("Name the newsroom with --newsroom; there are several.");
            var table = new ResultTable("Name", "Roles", "Id", "Created").Whole("Id", "Created");
            foreach (var a in await host.Services.GetRequiredService<AccountDirectory>().List(newsroom, ct))
                table.Add(a.Name, string.Join(", ", a.Roles), a.Id.ToString(), a.Created.ToString("u"));
            table.Write();
            return 0;
        });
        return new Command("accounts", "Manage accounts") { add, changeRoles, list };
    }

    /// <summary>The roles named on the command line; null (said on stderr) when one is not a role.</summary>
    private static List<Role>? Roles(string[] given)
    {
        var parsed = new List<Role>();
        foreach (var r in given)
        {
            if (!RoleNames.TryParse(r, out var role))
            {
                TrackerCli.Fail($"Unknown role '{r}'. Roles: {RoleNames.All}.");
                return null;
            }
            parsed.Add(role);
        }
        return parsed;
    }

    public static Command Tokens()
    {
        var id = new Argument<Guid>("id") { Description = "The token's id (not the token itself)" };
        var revoke = new Command("revoke", "Revoke a token; it stops working at once") { id };
        revoke.SetAction(async (parse, ct) =>
        {
            using var host = await TrackerCli.Host(parse, ct);
            var tokenId = parse.GetValue(id);
            if (await host.Services.GetRequiredService<AccountDirectory>().FindToken(tokenId, ct) is not { } owner)
                return TrackerCli.Fail($"No token with id {tokenId}.");
            var outcome = await host.Services.GetRequiredService<AccountService>()
                .RevokeToken(new CommandContext(FirstStart.SystemActor(owner.Newsroom)), owner.AccountId, tokenId, ct);
            if (outcome is CommandOutcome.Rejected rejected) return TrackerCli.Fail(rejected.Rejection.Message);
            AnsiConsole.MarkupLineInterpolated($"Revoked token {tokenId}.");
            return 0;
        });
        return new Command("tokens", "Manage API tokens") { revoke };
    }

    public static Command Newsrooms()
    {
        var slug = new Argument<string>("slug") { Description = "Short lowercase id, e.g. city-desk" };
        var name = new Option<string?>("--name") { Description = "Display name" };
        var database = new Option<string?>("--database")
        {
            Description = "Keep this newsroom in a database of its own: the connection string the app serves with (docs/operations.md)",
        };
        var ownerDatabase = new Option<string?>("--owner-database")
        {
            Description = "The connection string that migrates that database (default: the --database one)",
        };
        var add = new Command("add", "Open another newsroom with its own admin (token printed once)") { slug, name, database, ownerDatabase };
        add.SetAction(async (parse, ct) =>
        {
            var s = parse.GetValue(slug)!;
            if (!System.Text.RegularExpressions.Regex.IsMatch(s, "^[a-z0-9][a-z0-9-]{0,62}$"))
                return TrackerCli.Fail("A newsroom slug is lowercase letters, digits and dashes.");
            if (parse.GetValue(database) is { } connectionString)
            {
                if (!ValidConnectionString(connectionString) || parse.GetValue(ownerDatabase) is { } o && !ValidConnectionString(o))
                    return TrackerCli.Fail("--database and --owner-database take PostgreSQL connection strings, e.g. \"Host=db2;Database=tracker;Username=tracker_app\".");
                var placement = new NewsroomPlacement(s, connectionString, parse.GetValue(ownerDatabase) ?? connectionString);
                using (var first = await TrackerCli.Host(parse, ct))
                {
                    try
                    {
                        var placed = await PlaceNewsroom.Record(first.Services, placement, ct);
                        if (placed == PlaceNewsroom.Outcome.NewsroomExists) return TrackerCli.Fail($"Newsroom '{s}' already exists.");
                    }
                    catch (Npgsql.NpgsqlException e)
                    {
                        return TrackerCli.Fail($"Cannot use the newsroom's database: {e.Message}");
                    }
                }
            }
            // A host started now migrates a newly placed database and routes the newsroom to it.
            using var host = await TrackerCli.Host(parse, ct);
            var admin = await FirstStart.OpenNewsroom(host.Services, s, parse.GetValue(name) ?? s, ct);
            if (admin is null) return TrackerCli.Fail($"Newsroom '{s}' already exists.");
            var where = parse.GetValue(database) is null ? "" : " in its own database (restart running app nodes so they serve it)";
            AnsiConsole.MarkupLineInterpolated($"Opened newsroom {s}{where}. Admin token (shown once): [green]{admin.Token}[/]");
            return 0;
        });
        return new Command("newsrooms", "Manage newsrooms") { add };
    }

    private static bool ValidConnectionString(string value)
    {
        try { return new Npgsql.NpgsqlConnectionStringBuilder(value).Host is { Length: > 0 }; }
        catch (ArgumentException) { return false; }
    }

    private static async Task<string?> ResolveNewsroom(IServiceProvider services, string? given, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(given)) return given;
        var rooms = await services.GetRequiredService<AccountDirectory>().Newsrooms(ct);
        return rooms.Count == 1 ? rooms[0].Slug : null;
    }
}
