using System.CommandLine;
using Spectre.Console;
using Tracker.Audit;
using Tracker.Store;

namespace Tracker.Cli;

/// <summary>
/// tracker import FILE: loads an events.ndjson export (from the store before Marten, or another installation) with
/// every event's id, version, time, payload, metadata and hashes. The file is checked whole before anything is
/// written; a rerun continues where an interrupted one stopped.
/// </summary>
public static class ImportVerb
{
    public static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "The events.ndjson export to load" };
        var partial = new Option<bool>("--partial") { Description = "The file is a filtered export (--after-seq): streams may continue ones already here" };
        var command = new Command("import", "Load an events.ndjson export, keeping every event's id, time and hashes") { file, partial };
        command.SetAction(async (parse, ct) =>
        {
            var export = parse.GetValue(file)!;
            if (!export.Exists) return TrackerCli.Fail($"No file {export.FullName}.");
            // No first start: an empty installation takes the file's newsrooms and accounts rather than opening its own.
            using var host = await TrackerCli.Host(parse, ct, firstStart: false);
            var ledger = host.Services.GetRequiredService<Ledger>();
            var check = await ProgressBar.Bytes($"Checking {export.Name}", export.Length,
                progress => ImportFile.Check(ledger, export.FullName, parse.GetValue(partial), progress, ct));
            if (!check.Ok)
            {
                VerifyVerb.Print(check, export.Name);
                return TrackerCli.Fail("Nothing was imported.");
            }
            try
            {
                var result = await ProgressBar.Bytes($"Importing {export.Name}", export.Length,
                    progress => ImportFile.Import(ledger, export.FullName, progress, ct));
                AnsiConsole.MarkupLineInterpolated(
                    $"Imported [bold]{result.Imported}[/] events into {result.Streams} streams; {result.Skipped} were here already.");
                return 0;
            }
            catch (ImportConflictException conflict)
            {
                return TrackerCli.Fail(conflict.Message);
            }
        });
        return command;
    }
}
