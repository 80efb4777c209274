using Tracker.Store;
using System.CommandLine;
using Spectre.Console;
using Tracker.Accounts;
using Tracker.Audit.Checkpoints;
using Tracker.Cli;
using Tracker.EventStore;
using Tracker.EventStore.Verification;
using Tracker.Exports;
using Tracker.Hosting;

namespace Tracker.Audit;

/// <summary>
/// tracker verify: recompute the hash chains of the database (one newsroom, or all) and compare each newsroom with its
/// signed checkpoints; or check an events.ndjson file alone, with no database at all. Exit code 1 on any problem.
/// </summary>
public static class VerifyVerb
{
    private const int FailuresShown = 100;

    public static Command Verify()
    {
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Check this events.ndjson export on its own, without a database" };
        // The exports' --newsroom, but without it verify checks every newsroom rather than the only one.
        var newsroomOption = new Option<string?>("--newsroom") { Description = "Newsroom slug (default: every newsroom)" };
        var partial = new Option<bool>("--partial") { Description = "The file is a filtered export (--from/--to/--after-seq): streams may start after version 1" };
        var command = new Command("verify", "Recompute every hash chain, compare with every signed checkpoint, and report each problem") { file, partial, newsroomOption };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(file) is { } export)
            {
                if (!export.Exists) return TrackerCli.Fail($"No file {export.FullName}.");
                var fromFile = await ProgressBar.Bytes($"Verifying {export.Name}", export.Length,
                    progress => ExportFileVerifier.Verify(export.FullName, parse.GetValue(partial), progress, ct));
                return Print(fromFile, export.Name);
            }
            using var host = await TrackerCli.Host(parse, ct);
            var store = host.Services.GetRequiredService<Ledger>();
            var named = parse.GetValue(newsroomOption);
            if (named is not null && await ExportVerbs.ResolveNewsroom(host.Services, named, ct) is null) return 1;
            var total = await CountEvents(store, named, ct);
            var report = await ProgressBar.Count($"Verifying {named ?? "every newsroom"}", total, "events",
                progress => store.Verify(named, progress, ct));
            var exit = Print(report, named ?? "the database");
            var audit = host.Services.GetRequiredService<CheckpointAudit>();
            var newsrooms = named is null ? (await host.Services.GetRequiredService<AccountDirectory>().Newsrooms(ct)).Select(n => n.Slug) : [named];
            foreach (var newsroom in newsrooms)
                exit |= Print(await audit.Check(newsroom, ct), newsroom);
            return exit;
        });
        return command;
    }

    /// <summary>Prints how one newsroom's record compares with its signed checkpoints; 0 when it holds, 1 otherwise.</summary>
    public static int Print(CheckpointReport report, string newsroom)
    {
        var latest = report.Latest is { } c
            ? $"latest checkpoint {c.Sequence} taken {c.TakenAt}, root {c.Root}, signature {(c.SignatureValid == true ? "valid" : "NOT VALID")}"
            : "no checkpoint yet";
        if (report.Failures.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[green]ok[/]: {newsroom} matches its {report.Checkpoints} signed checkpoints ({latest}).");
            return 0;
        }
        var table = new Cli.ResultTable("Kind", "Stream", "Version", "Checkpoint", "Problem").Whole("Stream");
        foreach (var f in report.Failures.Take(FailuresShown))
            table.Add(f.Kind, f.StreamId?.ToString(), f.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                f.Checkpoint?.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Problem);
        table.Write();
        if (report.Failures.Count > FailuresShown) AnsiConsole.MarkupLineInterpolated($"... and {report.Failures.Count - FailuresShown} more.");
        AnsiConsole.MarkupLineInterpolated($"[red]FAILED[/]: {report.Failures.Count} problems comparing {newsroom} with its {report.Checkpoints} signed checkpoints ({latest}).");
        return 1;
    }

    /// <summary>Prints the outcome; 0 when every chain holds, 1 otherwise.</summary>
    public static int Print(VerificationReport report, string what)
    {
        if (report.Ok)
        {
            AnsiConsole.MarkupLineInterpolated($"[green]ok[/]: {what} holds {report.Events} events in {report.Streams} streams, every hash chain intact.");
            return 0;
        }
        var table = new Cli.ResultTable("Newsroom", "Stream", "Version", "Problem").Whole("Stream");
        // A problem of the file as a whole (no events at all) belongs to no stream: its cells stay empty.
        foreach (var f in report.Failures.Take(FailuresShown))
            table.Add(f.Tenant, f.StreamId == Guid.Empty ? "" : f.StreamId.ToString(),
                f.StreamId == Guid.Empty && f.Version == 0 ? "" : f.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Problem);
        table.Write();
        if (report.Failures.Count > FailuresShown) AnsiConsole.MarkupLineInterpolated($"... and {report.Failures.Count - FailuresShown} more.");
        AnsiConsole.MarkupLineInterpolated($"[red]FAILED[/]: {report.Failures.Count} problems in {what} ({report.Events} events, {report.Streams} streams).");
        return 1;
    }

    private static async Task<long> CountEvents(Ledger store, string? newsroom, CancellationToken ct)
    {
        long count = 0;
        foreach (var database in newsroom is null ? await store.Databases() : [store.For(newsroom)])
        {
            await using var cmd = database.CreateCommand(
                $"select count(*) from {TrackerStore.Schema}.mt_events where $1::text is null or tenant_id = $1");
            cmd.Parameters.Add(new() { Value = (object?)newsroom ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            count += (long)(await cmd.ExecuteScalarAsync(ct))!;
        }
        return count;
    }
}
