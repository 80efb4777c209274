using Npgsql;
using Tracker.Accounts;
using Tracker.Hosting;

namespace Tracker.Newsrooms.Placement;

/// <summary>`tracker newsrooms add SLUG --database "..."`: a new newsroom opened in a database of its own.</summary>
public static class PlaceNewsroom
{
    public enum Outcome { Placed, NewsroomExists, AlreadyPlaced }

    /// <summary>
    /// Checks both connection strings reach a server, then records the placement in the main database (as its owner).
    /// The newsroom is opened afterwards by a host started anew, whose start-up migrates the new database and routes the
    /// newsroom there; nodes already running serve it once restarted.
    /// </summary>
    public static async Task<Outcome> Record(IServiceProvider services, NewsroomPlacement placement, CancellationToken ct)
    {
        if ((await services.GetRequiredService<AccountDirectory>().Newsrooms(ct)).Any(n => n.Slug == placement.Slug))
            return Outcome.NewsroomExists;
        foreach (var connectionString in new[] { placement.Database, placement.OwnerDatabase }.Distinct())
        {
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync(ct);
        }
        await using var owner = TrackerStore.DataSource(services.GetRequiredService<DatabaseHost>().OwnerConnectionString);
        return await placement.Record(owner, ct) ? Outcome.Placed : Outcome.AlreadyPlaced;
    }
}
