namespace Tracker.Demo;

/// <summary>The web app's <c>--demo</c>: load the demo story at start (once; later starts only issue fresh tokens) and log how to get in.</summary>
public static class DemoFlag
{
    /// <summary>ASP.NET's command-line configuration reads a bare <c>--demo</c> as a key awaiting a value (it would take the next argument).</summary>
    public static string[] Arguments(string[] args) => [.. args.Select(a => a == "--demo" ? "--demo=true" : a)];

    public static async Task LoadIfAsked(IServiceProvider services, CancellationToken ct)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        if (!bool.TryParse(configuration["demo"], out var asked) || !asked) return;

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Tracker.Demo");
        var newsroom = configuration["newsroom"]
            ?? (await services.GetRequiredService<Accounts.AccountDirectory>().Newsrooms(ct)).Select(r => r.Slug).FirstOrDefault()
            ?? "newsroom";
        if (await DemoNewsroom.Ensure(services, newsroom, ct) is { } admin)
            logger.LogWarning("Opened newsroom '{Newsroom}' for the demo; its admin token: {Token}", newsroom, admin.Token);

        var load = await DemoLoader.From(services).Load(newsroom, DemoScript.Shipped(), ct: ct);
        logger.LogWarning(load.WasAlreadyLoaded
                ? "Demo story '{Title}' was already loaded in newsroom '{Newsroom}'; fresh tokens follow."
                : "Loaded the demo story '{Title}' into newsroom '{Newsroom}'; its accounts' tokens follow.",
            load.StoryTitle, load.Newsroom);
        // Demo accounts only: their tokens are meant to be handed round, so the log is the place for them.
        foreach (var account in load.Accounts)
            logger.LogWarning("Demo account '{Name}' ({Roles}): token {Token}", account.Name,
                string.Join(", ", Accounts.RoleNames.ToArray(account.Roles)), account.Token);
        logger.LogWarning("Demo accounts sign in to the web workbench at /login with their name and the password '{Password}'.", load.Password);
    }
}
