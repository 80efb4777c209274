using Npgsql;
using Tracker.EventStore.Embedded;
using Tracker.Testing;

namespace Tracker.Tests.Resilience;

/// <summary>A PostgreSQL cluster of the test's own, in a temporary folder with its own socket, that the test may crash and restart.</summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private readonly TempDirectory folder;

    private PrivateCluster(TempDirectory folder, EmbeddedPostgres server)
    {
        this.folder = folder;
        Server = server;
    }

    public EmbeddedPostgres Server { get; }

    /// <summary>Superuser over the Unix socket, database "tracker".</summary>
    public string ConnectionString => Server.ConnectionString;

    public static async Task<PrivateCluster> Start()
    {
        var folder = TempDirectory.Create();
        var server = await EmbeddedPostgres.StartAsync(Path.Combine(folder.Path, "postgres"), forTests: true);
        // forTests turns synchronous_commit off, so a crashed server may forget commits it already acknowledged:
        // exactly what these tests look for. A killed server (not a power cut) keeps them once it is back on.
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using (var on = new NpgsqlCommand("alter system set synchronous_commit = on", conn)) await on.ExecuteNonQueryAsync();
        await using (var reload = new NpgsqlCommand("select pg_reload_conf()", conn)) await reload.ExecuteNonQueryAsync();
        return new PrivateCluster(folder, server);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        folder.Dispose();
    }
}
