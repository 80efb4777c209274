using Npgsql;

namespace Tracker.Newsrooms.Placement;

/// <summary>
/// Which database holds a newsroom: its own when it was placed on one, the main database otherwise. Every read that
/// bypasses Marten's sessions (read models, exports, verify, checkpoints, accounts) asks here, so a newsroom's rows are
/// read where its events are. Placements are read at start-up: a newsroom placed while a node runs is served by that
/// node after its restart (until then it does not exist there, so nothing of it is written elsewhere).
/// </summary>
public sealed class NewsroomDatabases : IAsyncDisposable
{
    private readonly Dictionary<string, NpgsqlDataSource> placed;

    public NewsroomDatabases(NpgsqlDataSource main, IReadOnlyDictionary<string, NpgsqlDataSource> placed)
    {
        Main = main;
        this.placed = new(placed, StringComparer.Ordinal);
        All = [main, .. placed.Values.Distinct()];
    }

    /// <summary>The database of the installation: newsrooms not placed elsewhere, and what all newsrooms share (the
    /// placements register, the cookie key ring, Wolverine's node records).</summary>
    public NpgsqlDataSource Main { get; }

    /// <summary>The main database first, then each newsroom database once.</summary>
    public IReadOnlyList<NpgsqlDataSource> All { get; }

    public IReadOnlyCollection<string> PlacedNewsrooms => placed.Keys;

    public NpgsqlDataSource For(string newsroom) => placed.TryGetValue(newsroom, out var own) ? own : Main;

    public async ValueTask DisposeAsync()
    {
        // The main data source belongs to DatabaseHost.
        foreach (var source in All.Skip(1)) await source.DisposeAsync();
    }
}
