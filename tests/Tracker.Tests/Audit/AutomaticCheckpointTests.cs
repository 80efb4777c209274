using System.Collections.Concurrent;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracker.Audit.Checkpoints;
using Tracker.Commands;
using Tracker.Tests.Resilience;
using Tracker.Tests.Support;

namespace Tracker.Tests.Audit;

/// <summary>An outside witness: a second web app on 127.0.0.1 that keeps every checkpoint POSTed to it.</summary>
public sealed class WitnessReceiver : IAsyncDisposable
{
    private WebApplication app = null!;

    public ConcurrentQueue<string> Received { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<WitnessReceiver> Start()
    {
        var witness = new WitnessReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        witness.app = builder.Build();
        witness.app.MapPost("/checkpoints", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            witness.Received.Enqueue(await reader.ReadToEndAsync());
            return Results.NoContent();
        });
        await witness.app.StartAsync();
        witness.Url = witness.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/checkpoints";
        return witness;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

/// <summary>
/// With checkpoints:interval at one second and a witness configured: a checkpoint is taken when the record changed and
/// only then, and every checkpoint, automatic or on demand, reaches the witness exactly as stored.
/// </summary>
public sealed class AutomaticCheckpointTests : IAsyncLifetime
{
    private WitnessReceiver witness = null!;
    private TrackerAppFactory app = null!;

    public async Task InitializeAsync()
    {
        witness = await WitnessReceiver.Start();
        app = new TrackerAppFactory
        {
            Settings = new Dictionary<string, string> { ["checkpoints:interval"] = "00:00:01", ["checkpoints:witnessUrl"] = witness.Url },
        };
        await app.InitializeAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_checkpoint_is_taken_when_the_record_changed_and_each_one_reaches_the_witness()
    {
        var (checker, _) = await app.As(Role.Factchecker);
        var (_, auditor) = await app.As(Role.Auditor);
        await Covered(auditor.Token, "a checkpoint covering the new accounts");

        var taken = (await Listed(auditor.Token)).Count;
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        (await Listed(auditor.Token)).Count.ShouldBe(taken, "three rounds with nothing new take no checkpoint");

        await checker.Post("/api/stories", new { title = "Alberta separatists", summary = "A change to checkpoint" });
        await Covered(auditor.Token, "a checkpoint covering the new story");
        (await Listed(auditor.Token)).Count.ShouldBe(taken + 1);

        var onDemand = await app.Scenario(s =>
        {
            s.WithBearerToken(auditor.Token);
            s.Post.Json(new { }).ToUrl("/api/audit/checkpoints");
            s.StatusCodeShouldBe(201);
        });
        var sequence = (await onDemand.ReadAs<JsonElement>()).GetProperty("sequence").GetInt64();
        var stored = (await app.GetText(auditor.Token, "/api/export/checkpoints.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        stored.Length.ShouldBe((int)sequence);
        await Eventually.Until(() => Task.FromResult(witness.Received.Count >= stored.Length), TimeSpan.FromSeconds(10), "the witness has every checkpoint");
        witness.Received.Select(Checkpoint.FromLine).OrderBy(c => c.Sequence).Zip(stored.Select(Checkpoint.FromLine))
            .ShouldAllBe(pair => pair.First.SameAs(pair.Second));
        (await app.GetJson(auditor.Token, "/api/audit/verify")).GetProperty("ok").GetBoolean().ShouldBeTrue();
    }

    private async Task Covered(string auditor, string what) =>
        await Eventually.Until(async () => (await Listed(auditor)) is { Count: > 0 } list
            && list[^1].GetProperty("events").GetInt64() == await Events(), TimeSpan.FromSeconds(20), what);

    private async Task<List<JsonElement>> Listed(string auditor) =>
        [.. (await app.GetJson(auditor, "/api/audit/checkpoints")).EnumerateArray()];

    private async Task<long> Events()
    {
        await using var cmd = app.Store.DataSource.CreateCommand("select count(*) from tracker.mt_events where tenant_id = 'newsroom' and type <> 'tombstone'");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)app).DisposeAsync();
        await witness.DisposeAsync();
    }
}

/// <summary>The checkpoints configuration section: its defaults, and a bad value named at start rather than ignored.</summary>
public sealed class CheckpointOptionsTests
{
    [Fact]
    public void By_default_every_ten_minutes_with_the_key_and_file_in_the_data_folder_and_no_witness()
    {
        var options = CheckpointOptions.From(Config(new() { ["data"] = "/srv/tracker" }));
        options.ShouldBe(new CheckpointOptions(TimeSpan.FromMinutes(10), "/srv/tracker/checkpoint-keys", "/srv/tracker/checkpoints.jsonl", null));
    }

    [Theory]
    [InlineData("checkpoints:interval", "ten minutes", "checkpoints:interval")]
    [InlineData("checkpoints:interval", "-00:01:00", "checkpoints:interval")]
    [InlineData("checkpoints:witnessUrl", "witness.example", "checkpoints:witnessUrl")]
    [InlineData("checkpoints:witnessUrl", "ftp://witness.example/in", "checkpoints:witnessUrl")]
    public void A_bad_setting_is_refused_naming_it(string key, string value, string named) =>
        Should.Throw<Tracker.Hosting.BadSettingException>(() => CheckpointOptions.From(Config(new() { ["data"] = "/srv/tracker", [key] = value })))
            .Message.ShouldStartWith(named);

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
