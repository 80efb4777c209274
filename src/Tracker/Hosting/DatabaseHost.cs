using Npgsql;
using Tracker.Newsrooms.Placement;
using Tracker.EventStore.Embedded;

namespace Tracker.Hosting;

/// <summary>
/// The configured server (ConnectionStrings:Tracker) when there is one; otherwise a private cluster in
/// the data folder, started on demand and stopped by the last process using it (the app, or a CLI verb run alone).
/// Resolved after the host is built so that configuration from every source (tests included) is in.
/// </summary>
public sealed class DatabaseHost(IConfiguration configuration, ILogger<DatabaseHost> logger) : IAsyncDisposable
{
    private EmbeddedPostgres? embedded;
    private NpgsqlDataSource? dataSource;
    private IDisposable? serving;

    public NpgsqlDataSource DataSource => dataSource ?? throw new InvalidOperationException("The database has not been started.");

    /// <summary>Where each newsroom's data is: known once start-up has read the placements (<see cref="Place"/>).</summary>
    public NewsroomDatabases Databases => databases ?? throw new InvalidOperationException("The newsrooms' databases are not known yet.");

    /// <summary>The newsrooms kept in databases of their own, as start-up found them.</summary>
    public IReadOnlyList<NewsroomPlacement> Placements { get; private set; } = [];

    private NewsroomDatabases? databases;

    public void Place(IReadOnlyList<NewsroomPlacement> placements)
    {
        if (databases is not null) return;
        Placements = placements;
        // Newsrooms placed in the same database share one data source, so Marten sees one database (one daemon) for them.
        var sources = placements.Select(p => p.Database).Distinct(StringComparer.Ordinal).ToDictionary(c => c, TrackerStore.DataSource);
        databases = new NewsroomDatabases(DataSource, placements.ToDictionary(p => p.Slug, p => sources[p.Database]));
    }

    public bool IsEmbedded => embedded is not null;

    /// <summary>The role that owns the schema and runs migrations at start-up (see <see cref="DatabaseRoles"/>).</summary>
    public string OwnerConnectionString { get; private set; } = "";

    /// <summary>Set by the web app before it starts: it claims the data folder; verbs share the cluster of whoever serves it.</summary>
    public bool ServesHttp { get; set; }

    public async Task Start(CancellationToken ct)
    {
        if (dataSource is not null) return;
        var connectionString = configuration.GetConnectionString("Tracker");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var folder = DataFolder.Resolve(configuration);
            try { Directory.CreateDirectory(folder); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataFolderUnusableException(folder, e); }
            logger.LogInformation("No ConnectionStrings__Tracker set: using the embedded PostgreSQL in {Folder}", folder);
            if (ServesHttp) serving = ServingLock.Take(folder);
            embedded = await EmbeddedPostgres.StartAsync(Path.Combine(folder, "postgres"), logger, ct);
            // The superuser only creates the two roles; from here on nothing connects as it.
            await DatabaseRoles.Ensure(embedded.ConnectionString, ct);
            OwnerConnectionString = DatabaseRoles.As(embedded.ConnectionString, DatabaseRoles.Owner);
            connectionString = DatabaseRoles.As(embedded.ConnectionString, DatabaseRoles.App);
        }
        else
        {
            // A server of one's own: migrations run as ConnectionStrings__TrackerOwner when given (docs/security.md).
            var owner = configuration.GetConnectionString("TrackerOwner");
            OwnerConnectionString = string.IsNullOrWhiteSpace(owner) ? connectionString : owner;
        }
        dataSource = TrackerStore.DataSource(connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (databases is not null) await databases.DisposeAsync();
        if (dataSource is not null) await dataSource.DisposeAsync();
        if (embedded is not null) await embedded.DisposeAsync();
        serving?.Dispose();
    }
}
