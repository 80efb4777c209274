using Tracker.Store;
using Tracker.Accounts;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Sources;
using Tracker.Stories;

namespace Tracker.Demo;

/// <summary>A demo account and the token just issued for it (tokens are stored hashed, so every load issues a fresh one).</summary>
public sealed record DemoAccountToken(string Name, IReadOnlyList<Role> Roles, Guid AccountId, Guid TokenId, string Token);

/// <summary>What a load did: how many commands it appended (none when the story was already there) and the accounts' tokens.</summary>
public sealed record DemoLoad(string Newsroom, Guid StoryId, string StoryTitle, int Claims, int CommandsAppended,
    IReadOnlyList<DemoAccountToken> Accounts, string Password)
{
    public bool WasAlreadyLoaded => CommandsAppended == 0;
}

public sealed record DemoProgress(int Done, int Total, string Step);

/// <summary>The demo could not be loaded: a command was refused, which means the data file and the rules disagree.</summary>
public sealed class DemoLoadException(string message) : Exception(message);

/// <summary>
/// Loads the demo story through the services the API uses, as the demo accounts: the reporter logs, the
/// fact-checker proposes, an editor who did not propose signs off. Every step first looks whether it is
/// already done, so a second load (or one after an interrupted load) appends nothing twice.
/// </summary>
public sealed class DemoLoader(
    AccountService accounts, AccountDirectory directory, StoryCommands stories, SourceCommands sources, ClaimCommands claims, Ledger store)
{
    public static DemoLoader From(IServiceProvider services) => ActivatorUtilities.CreateInstance<DemoLoader>(services);

    public async Task<DemoLoad> Load(string newsroom, DemoScript script, Action<DemoProgress>? progress = null, CancellationToken ct = default)
    {
        var desk = new DemoDesk(newsroom, script, stories, sources, claims, store, ct);
        await NamesFree(desk, ct);
        var steps = new List<DemoStep>();
        var tokens = new List<DemoAccountToken>();
        steps.AddRange(script.Accounts.Select(a => new DemoStep($"Account {a.Name}", () => Account(desk, a, tokens, ct))));
        steps.AddRange(desk.Steps());

        var appended = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            progress?.Invoke(new(i, steps.Count, steps[i].Label));
            if (await steps[i].Run()) appended++;
        }
        progress?.Invoke(new(steps.Count, steps.Count, "Loaded"));
        return new(newsroom, desk.Ids.Story, script.Story.Title, script.Claims.Count, appended, tokens, script.Password);
    }

    /// <summary>
    /// The demo's people are named in the newsroom by nobody else: checked for all of them before anything is written, so
    /// a clash stops the load whole instead of half-way through its accounts.
    /// </summary>
    private async Task NamesFree(DemoDesk desk, CancellationToken ct)
    {
        var taken = new List<string>();
        foreach (var account in desk.Script.Accounts)
            if (await directory.FindById(desk.Newsroom, desk.Ids.Account(account.Key), ct) is null && await directory.NameTaken(desk.Newsroom, account.Name, ct))
                taken.Add(account.Name);
        if (taken.Count > 0)
            throw new DemoLoadException($"Newsroom {desk.Newsroom} already has other accounts named {string.Join(", ", taken)}, as the demo's people are: " +
                "nothing was loaded. Load the demo into another newsroom (--newsroom) or a fresh data folder (--data).");
    }

    /// <summary>Creates the account with the demo password, or issues a fresh token for the one a previous load made.</summary>
    private async Task<bool> Account(DemoDesk desk, DemoAccount account, List<DemoAccountToken> tokens, CancellationToken ct)
    {
        var system = new CommandContext(FirstStart.SystemActor(desk.Newsroom), CorrelationId: desk.LoadId);
        var id = desk.Ids.Account(account.Key);
        var (tokenId, token) = (Guid.CreateVersion7(), ApiToken.New());
        var existing = await directory.FindById(desk.Newsroom, id, ct);
        var outcome = existing is null
            ? await accounts.Create(system, new NewAccount(id, account.Name, account.Roles, tokenId, token), desk.Script.Password, ct)
            : await accounts.IssueToken(system, id, tokenId, token, ct);
        DemoDesk.MustAppend(outcome, $"Account {account.Name}");
        desk.Actors[account.Key] = await directory.FindById(desk.Newsroom, id, ct) ?? throw new DemoLoadException($"Account {account.Name} was not created.");
        tokens.Add(new(account.Name, account.Roles, id, tokenId, token));
        return existing is null;
    }
}

internal sealed record DemoStep(string Label, Func<Task<bool>> Run);
