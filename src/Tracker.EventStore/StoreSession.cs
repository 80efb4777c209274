using System.Data;
using Npgsql;

namespace Tracker.EventStore;

/// <summary>
/// One unit of work's connection, as in Marten's session: opened on first use, reused by every call made through it,
/// returned to the pool when the session is disposed. A web request is one: its token check, the fetch a command
/// decides on and the append share a connection instead of taking three from the pool, each of which costs the
/// server Npgsql's seven-statement reset. Not thread-safe, like the connection it holds.
/// </summary>
public sealed class StoreSession(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private NpgsqlConnection? connection;

    /// <summary>The session's connection; a fresh one when the last was broken (the database went away mid-request).</summary>
    public async ValueTask<NpgsqlConnection> Connection(CancellationToken ct = default)
    {
        if (connection is { State: ConnectionState.Open }) return connection;
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
        connection = await dataSource.OpenConnectionAsync(ct);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null) await connection.DisposeAsync();
        connection = null;
    }

    /// <summary>A connection for one call: the session's when there is one (left open for its next call), else a pooled one of the call's own.</summary>
    internal static async ValueTask<Lease> Open(StoreSession? session, NpgsqlDataSource dataSource, CancellationToken ct) =>
        session is null ? new(await dataSource.OpenConnectionAsync(ct), owned: true) : new(await session.Connection(ct), owned: false);

    internal readonly struct Lease(NpgsqlConnection connection, bool owned) : IAsyncDisposable
    {
        public NpgsqlConnection Connection => connection;

        public ValueTask DisposeAsync() => owned ? connection.DisposeAsync() : ValueTask.CompletedTask;
    }
}
