using Npgsql;
using Tracker.EventStore.Embedded;

namespace Tracker.Hosting;

/// <summary>The data folder cannot be created or written (a file in the way, no permission, a read-only disk).</summary>
public sealed class DataFolderUnusableException(string folder, Exception reason) : Exception(
    $"The data folder {folder} cannot be used: {reason.Message} Give another with --data DIR or TRACKER_DATA.", reason);

/// <summary>A configuration value that cannot be used, named with what it should be.</summary>
public sealed class BadSettingException(string message) : InvalidOperationException(message);

/// <summary>
/// Start-up failures a person fixes outside the app: said in one line on stderr with exit code 1, not as a stack trace.
/// Anything else is a defect and keeps its stack trace.
/// </summary>
public static class StartupProblem
{
    public static bool IsOne(Exception e) =>
        e is DataFolderInUseException or DataFolderUnusableException or PostgresNotFoundException or BadSettingException
            or EmbeddedPostgresException or Demo.DemoLoadException
        || e is IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException }
        || Unreachable(e) is not null;

    public static int Report(Exception e)
    {
        var message = Unreachable(e) is { } unreachable
            ? $"A database cannot be reached: {unreachable.Message}{(unreachable.InnerException is { } why ? $" ({why.Message})" : "")}. " +
              "Check ConnectionStrings__Tracker, or the database a newsroom is placed in, and that its server is running."
            : e.Message;
        var advice = e is IOException ? " Another program is using that port; choose another with --urls http://127.0.0.1:PORT." : "";
        Console.Error.WriteLine($"tracker: {message}{advice}");
        return 1;
    }

    /// <summary>
    /// A server that does not answer (refused, timed out, unknown host), wherever in the start-up it was met: Npgsql's
    /// own failure, not one the server sent back (a <see cref="PostgresException"/> is a statement's, and a defect).
    /// </summary>
    private static NpgsqlException? Unreachable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException and not PostgresException && e.InnerException is System.Net.Sockets.SocketException or TimeoutException)
                return (NpgsqlException)e;
            if (e is AggregateException many) return many.InnerExceptions.Select(Unreachable).FirstOrDefault(u => u is not null);
        }
        return null;
    }
}
