using System.Net.Sockets;
using Npgsql;
using Tracker.Store;

namespace Tracker.Tests.Store;

/// <summary>
/// What counts as a database that does not answer (said in one line at start-up, "degraded" in /health for a placed
/// newsroom) and what stays a statement's failure, reported as itself.
/// </summary>
public sealed class ConnectionProblemsTests
{
    public static TheoryData<string, Exception, bool> Cases => new()
    {
        { "refused socket", new NpgsqlException("Failed to connect to 127.0.0.1:1", new SocketException((int)SocketError.ConnectionRefused)), true },
        { "connect timed out", new NpgsqlException("Failed to connect to 10.255.255.1:5432", new TimeoutException()), true },
        { "wrapped by Marten", new InvalidOperationException("outer", new NpgsqlException("Failed to connect to db:5432", new SocketException())), true },
        { "one of several", new AggregateException(new ArgumentException(), new NpgsqlException("Failed to connect", new SocketException())), true },
        { "wrong password", new PostgresException("password authentication failed", "FATAL", "FATAL", "28P01"), true },
        { "no such database", new PostgresException("database \"x\" does not exist", "FATAL", "FATAL", "3D000"), true },
        { "not accepting connections", new PostgresException("database is not currently accepting connections", "FATAL", "FATAL", "55000"), true },
        { "closed by the server", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()), true },
        { "a query that timed out", new NpgsqlException("Exception while reading from stream", new TimeoutException()), false },
        { "an exhausted pool", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()), false },
        { "a missing table", new PostgresException("relation \"x\" does not exist", "ERROR", "ERROR", "42P01"), false },
        { "a denied grant", new PostgresException("permission denied for table x", "ERROR", "ERROR", "42501"), false },
        { "not a database's", new IOException("disk full"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_a_database_that_does_not_answer_or_refuses_the_connection_counts(string what, Exception e, bool unreachable) =>
        (ConnectionProblems.Find(e) is not null).ShouldBe(unreachable, what);
}
