using JasperFx.Descriptors;
using JasperFx.MultiTenancy;
using Marten;
using Marten.Schema;
using Marten.Storage;
using Weasel.Core.Migrations;

namespace Tracker.Newsrooms.Placement;

/// <summary>
/// Marten's tenancy when some newsrooms have databases of their own: a placed newsroom's sessions, events and daemon
/// run in its database, every other newsroom stays conjoined in the main one. Marten's static multi-tenancy needs every
/// tenant listed up front, which the main database's newsrooms (opened at any time) are not; its master-table tenancy
/// has no shared default database. This is the static one with a default.
/// </summary>
public sealed class NewsroomTenancy : Tenancy, ITenancy, IAsyncDisposable
{
    private readonly MartenDatabase main;
    private readonly Dictionary<string, MartenDatabase> placed = new(StringComparer.Ordinal);
    private readonly List<MartenDatabase> all;

    public NewsroomTenancy(StoreOptions options, NewsroomDatabases databases) : base(options)
    {
        main = new MartenDatabase(options, databases.Main, "main");
        all = [main];
        foreach (var source in databases.All.Skip(1))
        {
            var newsrooms = databases.PlacedNewsrooms.Where(n => databases.For(n) == source).ToList();
            var database = new MartenDatabase(options, source, "newsroom-" + string.Join('+', newsrooms));
            foreach (var newsroom in newsrooms)
            {
                placed[newsroom] = database;
                database.TenantIds.Add(newsroom);
            }
            all.Add(database);
        }
        Default = new Tenant(JasperFx.StorageConstants.DefaultTenantId, main);
        Cleaner = new CompositeDocumentCleaner(this, options);
    }

    public Tenant Default { get; }

    public IDocumentCleaner Cleaner { get; }

    public DatabaseCardinality Cardinality => DatabaseCardinality.StaticMultiple;

    private MartenDatabase DatabaseOf(string newsroom) => placed.TryGetValue(newsroom, out var own) ? own : main;

    public Tenant GetTenant(string tenantId) => new(tenantId, DatabaseOf(tenantId));

    public ValueTask<Tenant> GetTenantAsync(string tenantId) => new(GetTenant(tenantId));

    public ValueTask<IMartenDatabase> FindOrCreateDatabase(string tenantIdOrDatabaseIdentifier) =>
        new(all.FirstOrDefault(d => d.Identifier == tenantIdOrDatabaseIdentifier) ?? DatabaseOf(tenantIdOrDatabaseIdentifier));

    public ValueTask<IMartenDatabase> FindDatabase(DatabaseId id) =>
        new(all.FirstOrDefault(d => d.Id == id) ?? throw new ArgumentOutOfRangeException(nameof(id), $"No database {id.Identity}"));

    public bool IsTenantStoredInCurrentDatabase(IMartenDatabase database, string tenantId) => ReferenceEquals(database, DatabaseOf(tenantId));

    public ValueTask<IReadOnlyList<IDatabase>> BuildDatabases() => new(all.Cast<IDatabase>().ToList());

    public ValueTask<DatabaseUsage> DescribeDatabasesAsync(CancellationToken token)
    {
        var usage = new DatabaseUsage { Cardinality = Cardinality, MainDatabase = main.Describe() };
        foreach (var database in all)
        {
            var described = database.Describe();
            described.TenantIds.AddRange(database == main ? [] : database.TenantIds);
            usage.Databases.Add(described);
        }
        return new(usage);
    }

    public void Dispose()
    {
        foreach (var database in all) database.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in all) await database.DisposeAsync();
    }
}
