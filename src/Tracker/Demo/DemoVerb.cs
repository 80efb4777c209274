using System.CommandLine;
using Spectre.Console;
using Tracker.Accounts;
using Tracker.Cli;

namespace Tracker.Demo;

/// <summary>tracker demo [--data DIR] [--newsroom N]: loads the demo story and prints the demo accounts' tokens.</summary>
public static class DemoVerb
{
    public static Command Command()
    {
        var newsroom = new Option<string?>("--newsroom") { Description = "Newsroom to load it into (default: the only one there is; a new slug opens a newsroom for it)" };
        var demo = new Command("demo", "Load the demo story (US officials meet Alberta separatists, Jan-Mar 2026) and print the demo accounts' tokens") { newsroom };
        demo.SetAction(async (parse, ct) =>
        {
            using var host = await TrackerCli.Host(parse, ct);
            var services = host.Services;
            var slug = parse.GetValue(newsroom);
            if (string.IsNullOrWhiteSpace(slug))
            {
                var rooms = await services.GetRequiredService<AccountDirectory>().Newsrooms(ct);
                if (rooms.Count != 1) return TrackerCli.Fail("Name the newsroom with --newsroom; there are several.");
                slug = rooms[0].Slug;
            }
            DemoLoad load;
            try
            {
                if (await DemoNewsroom.Ensure(services, slug, ct) is { } admin)
                    AnsiConsole.MarkupLineInterpolated($"Opened newsroom {slug}. Admin token (shown once): [green]{admin.Token}[/]");
                load = await Load(services, slug, ct);
            }
            catch (DemoLoadException e)
            {
                return TrackerCli.Fail(e.Message);
            }
            Print(load);
            return 0;
        });
        return demo;
    }

    private static async Task<DemoLoad> Load(IServiceProvider services, string newsroom, CancellationToken ct)
    {
        DemoLoad? load = null;
        await AnsiConsole.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Loading the demo story");
                load = await DemoLoader.From(services).Load(newsroom, DemoScript.Shipped(), step =>
                {
                    task.MaxValue = step.Total;
                    task.Value = step.Done;
                    task.Description = Markup.Escape(step.Step.Length > 50 ? step.Step[..49] + "…" : step.Step);
                }, ct);
            });
        return load!;
    }

    private static void Print(DemoLoad load)
    {
        if (load.WasAlreadyLoaded)
            AnsiConsole.MarkupLineInterpolated($"The demo story [bold]{load.StoryTitle}[/] is already loaded in newsroom {load.Newsroom}: nothing added. Fresh tokens:");
        else
            AnsiConsole.MarkupLineInterpolated($"Loaded [bold]{load.StoryTitle}[/] into newsroom {load.Newsroom}: {load.Claims} claims, {load.CommandsAppended} commands.");
        // The token column never wraps: a token split over two lines cannot be pasted.
        var table = new Table().AddColumn("Account").AddColumn(new TableColumn("Token (shown once)").NoWrap());
        foreach (var account in load.Accounts)
            table.AddRow($"{Markup.Escape(account.Name)}\n[dim]{string.Join(", ", RoleNames.ToArray(account.Roles))}[/]", $"[green]{Markup.Escape(account.Token)}[/]");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Web workbench (/login): each account's name with the password [green]{load.Password}[/]");
        AnsiConsole.MarkupLineInterpolated($"Story id: {load.StoryId}");
    }
}
