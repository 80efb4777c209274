using Tracker.Store;
using System.CommandLine;
using Npgsql;
using Spectre.Console;
using Tracker.Accounts;
using Tracker.Cli;

namespace Tracker.Exports;

/// <summary>tracker export events|claims|claimreview --out FILE: the same writers as the HTTP exports, to a file, with progress.</summary>
public static class ExportVerbs
{
    public static readonly Option<string?> NewsroomOption = new("--newsroom") { Description = "Newsroom slug (default: the only one there is)" };

    private delegate Task<long> Writer(IServiceProvider services, ExportFilter filter, Stream output, IProgress<long> progress, CancellationToken ct);

    public static Command Export() => new("export", "Write an export file for auditors and other tools")
    {
        Verb("events", "Every event with its hash-chain fields, one JSON object per line (verify with: tracker verify --file)", "events", window: true,
            (services, filter, ct) => EventsNdjson.Count(Db(services, filter), filter, ct),
            (services, filter, output, progress, ct) => EventsNdjson.Write(Db(services, filter), filter, output, progress, ct)),
        Verb("claims", "One CSV row per claim: text, status, rating, proposer, approver, dates, sources", "claims", window: false,
            (services, filter, ct) => ClaimRecords.Count(Db(services, filter), filter, publishedOnly: false, ct),
            (services, filter, output, progress, ct) => ClaimsCsv.Write(Db(services, filter), filter, output, progress, ct)),
        Verb("claimreview", "schema.org ClaimReview JSON-LD for every published verdict", "reviews", window: false,
            (services, filter, ct) => ClaimRecords.Count(Db(services, filter), filter, publishedOnly: true, ct),
            async (services, filter, output, progress, ct) =>
                await ClaimReviewJson.Write(Db(services, filter), filter, await Publisher.Of(services, filter.Newsroom, ct), output, progress, ct)),
    };

    /// <summary>The newsroom named, or the only one; null (after saying why) when that is not clear.</summary>
    public static async Task<string?> ResolveNewsroom(IServiceProvider services, string? given, CancellationToken ct)
    {
        var rooms = (await services.GetRequiredService<AccountDirectory>().Newsrooms(ct)).Select(r => r.Slug).ToList();
        if (!string.IsNullOrWhiteSpace(given))
        {
            if (rooms.Contains(given)) return given;
            TrackerCli.Fail($"No newsroom '{given}'. Newsrooms: {string.Join(", ", rooms)}.");
            return null;
        }
        if (rooms.Count == 1) return rooms[0];
        TrackerCli.Fail($"Name the newsroom with --newsroom; there are several: {string.Join(", ", rooms)}.");
        return null;
    }

    /// <summary>The database of the newsroom being exported.</summary>
    private static NpgsqlDataSource Db(IServiceProvider services, ExportFilter filter) =>
        services.GetRequiredService<Newsrooms.Placement.NewsroomDatabases>().For(filter.Newsroom);

    private static Command Verb(string name, string description, string unit, bool window,
        Func<IServiceProvider, ExportFilter, CancellationToken, Task<long>> count, Writer write)
    {
        var output = new Option<FileInfo>("--out", "-o") { Description = "The file to write", Required = true };
        var story = new Option<string?>("--story") { Description = "Only this story (its id) and its claims" };
        var from = new Option<string?>("--from") { Description = "Only events recorded at or after this moment (ISO 8601)" };
        var to = new Option<string?>("--to") { Description = "Only events recorded at or before this moment (ISO 8601)" };
        var afterSeq = new Option<string?>("--after-seq") { Description = "Resume: only events after this seq (the last line already written)" };
        var command = new Command(name, description) { output, story, NewsroomOption };
        if (window) command.Options.Add(from);
        if (window) command.Options.Add(to);
        if (window) command.Options.Add(afterSeq);

        command.SetAction(async (parse, ct) =>
        {
            var (parsed, problem) = ExportFilter.Parse("", parse.GetValue(story), parse.GetValue(from), parse.GetValue(to), parse.GetValue(afterSeq));
            if (problem is not null) return TrackerCli.Fail($"--{Dashed(problem.Parameter)}: {problem.Message}");
            if (parse.GetValue(output)!.Directory is { Exists: false } folder) return TrackerCli.Fail($"--out: the folder {folder.FullName} does not exist.");
            using var host = await TrackerCli.Host(parse, ct);
            var services = host.Services;
            if (await ResolveNewsroom(services, parse.GetValue(NewsroomOption), ct) is not { } newsroom) return 1;
            var filter = parsed! with { Newsroom = newsroom };
            if (await filter.CheckStory(services.GetRequiredService<Ledger>(), ct) is { } missing) return TrackerCli.Fail($"--story: {missing.Message}");

            var file = parse.GetValue(output)!;
            var partial = file.FullName + ".partial";
            var total = await count(services, filter, ct);
            var written = await ProgressBar.Count($"Exporting {name}", total, unit, async progress =>
            {
                // Written aside and renamed at the end, so an interrupted export never looks complete.
                await using var stream = File.Create(partial);
                return await write(services, filter, stream, progress, ct);
            });
            File.Move(partial, file.FullName, overwrite: true);
            AnsiConsole.MarkupLineInterpolated($"Wrote {written} {unit} of {newsroom} to [bold]{file.FullName}[/].");
            if (name == "events")
                AnsiConsole.MarkupLineInterpolated($"Check it with: tracker verify --file {file.FullName}{(filter.IsPartial ? " --partial" : "")}");
            return 0;
        });
        return command;
    }

    private static string Dashed(string parameter) => parameter == "afterSeq" ? "after-seq" : parameter;
}
