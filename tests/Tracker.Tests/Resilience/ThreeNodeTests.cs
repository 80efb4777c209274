using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Tracker.Accounts;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Testing;
using Tracker.Tests.Support;
using Xunit.Abstractions;

namespace Tracker.Tests.Resilience;

/// <summary>
/// Three app processes on one database under a write load: each async projection runs on exactly one of them, the
/// others stand by; killing the node that runs one hands it to another within seconds; no acknowledged write is lost;
/// and at the end every read model equals what the events rebuild.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class ThreeNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Desks = 6;
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(10);
    private readonly string data = Directory.CreateTempSubdirectory("tracker-nodes-").FullName;
    private readonly List<AppProcess> nodes = [];
    private string connectionString = "";

    public async Task InitializeAsync() => connectionString = await TestDatabase.CreateDatabase("nodes");

    [Fact(Timeout = 150_000)]
    public async Task Each_projection_runs_on_one_node_moves_when_that_node_is_killed_and_ends_equal_to_a_rebuild()
    {
        var projections = Features.AsyncProjections().Select(p => p.Name).ToList();
        nodes.Add(await AppProcess.Start(data, connectionString));
        nodes.AddRange(await Task.WhenAll(AppProcess.Start(data, connectionString), AppProcess.Start(data, connectionString)));
        var token = await FactcheckerToken(nodes[0]);
        var clients = nodes.Select(n => n.Client(token)).ToArray();
        await Eventually.Until(async () => EachRunsOnce(await Roles(nodes), projections, standbys: 2), TimeSpan.FromSeconds(20),
            "each projection running on one node, standing by on the other two", () => Describe(nodes));

        var load = await WriteLoad.InNewStory(clients[0]);
        using var stop = new CancellationTokenSource();
        var running = load.Run(Desks, (desk, attempt) => clients[(desk + attempt) % clients.Length], stop.Token, DateTime.UtcNow.AddSeconds(60));
        await Eventually.Until(() => Task.FromResult(load.Acks.Count >= 30 || running.IsCompleted), TimeSpan.FromSeconds(20), "the load is under way");

        var roles = await Roles(nodes);
        var victim = projections.Count == 0 ? 0 : roles.FindIndex(r => r[projections[0]] == "running");
        var handedOver = projections.Where(p => roles[victim][p] == "running").ToList();
        nodes[victim].Kill();
        var survivors = nodes.Where((_, i) => i != victim).ToList();
        var took = await Eventually.Until(async () => EachRunsOnce(await Roles(survivors), projections, standbys: 1), Takeover,
            $"{string.Join(", ", handedOver)} taken over from the killed node", () => Describe(survivors));
        output.WriteLine($"Node {victim} ran {string.Join(", ", handedOver)}; killed; taken over in {took.TotalSeconds:0.0} s");

        var killed = DateTime.UtcNow;
        await Eventually.Until(() => Task.FromResult(load.Acks.Count(a => a.At > killed) >= 30 || running.IsCompleted), TimeSpan.FromSeconds(20),
            "writes go on through the survivors");
        await stop.CancelAsync();
        await running;
        output.WriteLine($"{load.Acks.Count} writes acknowledged; {load.Unreachable.Count} attempts found a node gone and moved on");
        await StoredWrites.ShouldHoldEachAcknowledgedWriteExactlyOnce(connectionString, load);
        load.Refusals.Take(10).Select(r => $"{r.Key}: {r.Status} {r.Body}").ShouldBeEmpty($"{load.Refusals.Count} writes refused");
        load.Acks.Count(a => a.At > killed).ShouldBeGreaterThanOrEqualTo(30, "writes go on through the survivors");

        await Eventually.Until(async () => (await Health(survivors[0])).GetProperty("projections").EnumerateArray()
                .All(p => p.GetProperty("pendingEvents").GetInt64() == 0), TimeSpan.FromSeconds(30),
            "the projections catch up", () => Describe(survivors));
        foreach (var node in survivors) node.Interrupt(TimeSpan.FromSeconds(30)).ShouldBe(0, node.Output);

        await using var db = NpgsqlDataSource.Create(connectionString);
        var (store, ledger) = ReadModelCheck.Open(db);
        using var _ = store;
        var before = await ReadModelCheck.Tables(db);
        await ReadModelCheck.Rebuild(store, ledger);
        var rebuilt = await ReadModelCheck.Tables(db);
        foreach (var (table, rows) in before) rebuilt[table].ShouldBe(rows, $"{table} after a rebuild");
        await ReadModelCheck.SnapshotsShouldEqualFolds<Tracker.Claims.Claim>(ledger, db);
        await ReadModelCheck.SnapshotsShouldEqualFolds<Tracker.Stories.Story>(ledger, db);
        await ReadModelCheck.SnapshotsShouldEqualFolds<Tracker.Sources.Source>(ledger, db);

        projections.ShouldNotBeEmpty("Tracker registers no async projection, so there is nothing for the nodes to share or hand over");
    }

    private static bool EachRunsOnce(List<Dictionary<string, string>> roles, List<string> projections, int standbys) =>
        projections.All(p => roles.Count(r => r.GetValueOrDefault(p) == "running") == 1 && roles.Count(r => r.GetValueOrDefault(p) == "standby") == standbys);

    private static async Task<List<Dictionary<string, string>>> Roles(IEnumerable<AppProcess> of) =>
        [.. await Task.WhenAll(of.Select(async node => (await Health(node)).GetProperty("projections").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("role").GetString()!)))];

    private static async Task<JsonElement> Health(AppProcess node)
    {
        using var client = node.Client();
        return JsonDocument.Parse(await client.GetStringAsync("/health")).RootElement;
    }

    private static string Describe(IEnumerable<AppProcess> of) => string.Join("; ", of.Select(node =>
    {
        try { return $"{node.Port}: {Health(node).GetAwaiter().GetResult()}"; }
        catch (Exception e) { return $"{node.Port}: {e.Message}"; }
    }));

    private async Task<string> FactcheckerToken(AppProcess node)
    {
        using var admin = node.Client((await File.ReadAllTextAsync(Path.Combine(data, FirstStart.TokenFile))).Trim());
        using var anonymous = node.Client();
        return (await SignUp.Create(admin, anonymous, "desk", [Commands.Role.Factchecker])).Token;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in nodes) await node.DisposeAsync();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
