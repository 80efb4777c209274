using System.Net.Sockets;
using Npgsql;

namespace Tracker.Store;

/// <summary>
/// A database that does not answer or refuses the connection, told apart from a statement's failure (a missing table,
/// a denied grant, a timed-out query: defects or load, reported as what they are).
/// </summary>
public static class ConnectionProblems
{
    // Sent back while connecting: wrong password or role, no such database, starting up or shutting down, too many
    // clients, a database not accepting connections, an administrator's termination.
    private static readonly HashSet<string> RefusedStates = ["28P01", "28000", "3D000", "57P01", "57P02", "57P03", "53300", "55000", "08006", "08001"];

    /// <summary>The exception, inside <paramref name="e"/> or it, that says a database could not be reached; null when none does.</summary>
    public static NpgsqlException? Find(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is AggregateException many) return many.InnerExceptions.Select(Find).FirstOrDefault(u => u is not null);
            if (e is PostgresException refused) return RefusedStates.Contains(refused.SqlState) ? refused : null;
            // Npgsql's own: a socket that failed, a connection the server closed, or a connection attempt that timed out
            // (not a command's timeout, a TimeoutException while reading, nor an exhausted pool, which is a leak).
            if (e is NpgsqlException npgsql && (npgsql.InnerException is SocketException or IOException
                    || npgsql.Message.StartsWith("Failed to connect", StringComparison.Ordinal)))
                return npgsql;
        }
        return null;
    }
}
