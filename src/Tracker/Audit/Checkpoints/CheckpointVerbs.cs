using System.CommandLine;
using Spectre.Console;
using Tracker.Cli;
using Tracker.Exports;

namespace Tracker.Audit.Checkpoints;

/// <summary>tracker checkpoint (take one now) and tracker audit key (print the public key to check them with).</summary>
public static class CheckpointVerbs
{
    public static Command Checkpoint()
    {
        var command = new Command("checkpoint", "Take a signed checkpoint of the newsroom's record now (also written to checkpoints.jsonl and the witness)")
        {
            ExportVerbs.NewsroomOption,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var host = await TrackerCli.Host(parse, ct);
            if (await ExportVerbs.ResolveNewsroom(host.Services, parse.GetValue(ExportVerbs.NewsroomOption), ct) is not { } newsroom) return 1;
            var c = await host.Services.GetRequiredService<CheckpointKeeper>().Take(newsroom, ct);
            AnsiConsole.MarkupLineInterpolated(
                $"Checkpoint [bold]{c.Sequence}[/] of {newsroom}: {c.Events} events in {c.Streams} streams up to position {c.Position}, root {c.Root}, signed by key {c.KeyFingerprint}.");
            return 0;
        });
        return command;
    }

    public static Command Audit()
    {
        var key = new Command("key", "Print the newsroom's public checkpoint key (PEM) and its SHA-256 fingerprint") { ExportVerbs.NewsroomOption };
        key.SetAction(async (parse, ct) =>
        {
            using var host = await TrackerCli.Host(parse, ct);
            if (await ExportVerbs.ResolveNewsroom(host.Services, parse.GetValue(ExportVerbs.NewsroomOption), ct) is not { } newsroom) return 1;
            using var signing = host.Services.GetRequiredService<SigningKeys>().GetOrCreate(newsroom);
            // Plain text, PEM first: `tracker audit key > key.pem` is a key file (PEM readers ignore the line after END).
            Console.Out.Write(signing.PublicPem.ReplaceLineEndings("\n").TrimEnd('\n') + "\n");
            Console.Out.WriteLine($"fingerprint: sha256 {signing.Fingerprint}");
            return 0;
        });
        return new Command("audit", "Signed checkpoints: the key outsiders check them with") { key };
    }
}
