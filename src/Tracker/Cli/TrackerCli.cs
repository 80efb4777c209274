using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using Tracker.Hosting;

namespace Tracker.Cli;

/// <summary>The shell verbs. Each builds the same services as the web app (same database, same commands) without the web server.</summary>
public static class TrackerCli
{
    private static readonly HashSet<string> Verbs = ["accounts", "tokens", "newsrooms", "--help", "-h", "-?", "help", "--version"];

    public static readonly Option<string?> Data = new("--data") { Description = "Data folder (default: TRACKER_DATA, else ~/.local/share/tracker)", Recursive = true };

    /// <summary>One line per verb for `tracker --help`: what people type, not the grammar.</summary>
    public static readonly (string Command, string What)[] Examples =
    [
        ("tracker", "serve the workbench and API on http://127.0.0.1:5000"),
        ("tracker accounts add \"Elena Editor\" --role editor", "a new account; prints its one-time setup code"),
        ("tracker accounts list", "names, roles, ids"),
        ("tracker tokens revoke TOKEN-ID", "the token stops working at once"),
        ("tracker newsrooms add city-desk --name \"City desk\"", "another newsroom; prints its admin's token once"),
        ("tracker newsrooms add metro --database \"Host=db2;Database=tracker;Username=tracker_app\" --owner-database \"Host=db2;Database=tracker;Username=tracker_owner\"",
            "a newsroom in a database of its own, on another server"),
        ("tracker export events --out events.ndjson", "also: claims, claimreview; --story ID"),
        ("tracker verify --file events.ndjson", "recompute every hash chain; exit 1 on a break"),
        ("tracker verify --newsroom newsroom", "the database: every chain and every signed checkpoint"),
        ("tracker checkpoint --newsroom newsroom", "sign where every stream ends, now (also automatic)"),
        ("tracker audit key > key.pem", "the public key that checks the checkpoints, and its fingerprint"),
        ("tracker import events.ndjson", "load an export, ids, times and hashes kept"),
        ("tracker rebuild story_timeline", "replay an async projection from the first event"),
        ("tracker demo", "load the demo story and print its accounts' tokens"),
    ];

    public static bool IsVerb(string arg) => Verbs.Contains(arg) || Extra.Any(v => v.Name == arg);

    /// <summary>
    /// Whether these arguments run a verb rather than serve the app: the first word after any leading `--data FOLDER`
    /// (which the app and every verb take) is one, so `tracker --data DIR newsrooms add ...` is the verb, not a second app.
    /// </summary>
    public static bool IsVerbInvocation(IReadOnlyList<string> args)
    {
        var at = 0;
        while (at < args.Count && (args[at] == Data.Name || args[at].StartsWith(Data.Name + "=", StringComparison.Ordinal)))
            at += args[at] == Data.Name ? 2 : 1;
        return at < args.Count && IsVerb(args[at]);
    }

    /// <summary>Verbs other features add (demo, export, verify, checkpoint, audit, rebuild, import).</summary>
    public static readonly List<Command> Extra =
    [
        Exports.ExportVerbs.Export(),
        Audit.VerifyVerb.Verify(),
        Audit.Checkpoints.CheckpointVerbs.Checkpoint(),
        Audit.Checkpoints.CheckpointVerbs.Audit(),
        RebuildVerb.Rebuild(),
        ImportVerb.Import(),
        Demo.DemoVerb.Command(),
    ];

    public static async Task<int> Run(string[] args)
    {
        // Piped, Spectre.Console cannot know a width and wraps at 80 columns: a result line (an id, a setup code) must
        // stay one line for the script reading it.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = PipedWidth;
        var root = new RootCommand("Tracker: an event-sourced claim tracker for fact-checking desks. Run without a verb to serve the web app (--urls, --data, --demo)."
            + Environment.NewLine + Environment.NewLine + "Examples:" + Environment.NewLine + string.Join(Environment.NewLine, Examples.Select(e => $"  {e.Command,-52} {e.What}")));
        root.Options.Add(Data);
        root.Subcommands.Add(AccountVerbs.Accounts());
        root.Subcommands.Add(AccountVerbs.Tokens());
        root.Subcommands.Add(AccountVerbs.Newsrooms());
        foreach (var verb in Extra) root.Subcommands.Add(verb);
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (StartupProblem.IsOne(e))
        {
            return StartupProblem.Report(e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file the verb was told to read or write that cannot be used: the operator's to fix, said in one line.
            return Fail($"tracker: {e.Message}");
        }
    }

    /// <summary>
    /// A host with Tracker's services, its database started and migrated. Dispose it to stop an embedded cluster.
    /// <paramref name="firstStart"/> opens the default newsroom in an empty installation, as the web app does.
    /// </summary>
    public static async Task<IHost> Host(ParseResult parse, CancellationToken ct, bool firstStart = true)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        if (parse.GetValue(Data) is { } data) builder.Configuration.AddInMemoryCollection([new("data", data)]);
        builder.Configuration.AddInMemoryCollection([new(Messaging.CliKey, "true")]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Wolverine's start-up notes (code generation mode, node id) say nothing an operator running a verb needs.
        builder.Logging.AddFilter("Wolverine", LogLevel.Warning);
        // Results go to stdout, so `tracker export ... | gzip` or `ids=$(...)` get only them; every log line to stderr.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        TrackerApp.AddServices(builder.Services, builder.Configuration);
        var host = builder.Build();
        await TrackerStore.Prepare(host.Services, ct);
        await Messaging.StartEarly(host.Services, ct);
        if (firstStart) await FirstStart.Run(host.Services, ct);
        return host;
    }

    /// <summary>Wide enough that no result or failure line is wrapped when the output is not a terminal.</summary>
    private const int PipedWidth = 4096;

    /// <summary>Failures go to stderr (red only on a terminal, one line when piped): stdout holds results alone.</summary>
    private static readonly IAnsiConsole Errors = ErrorConsole();

    private static IAnsiConsole ErrorConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected) console.Profile.Width = PipedWidth;
        return console;
    }

    public static int Fail(string message)
    {
        Errors.MarkupLineInterpolated($"[red]{message}[/]");
        return 1;
    }
}
