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
        || Store.ConnectionProblems.Find(e) is not null;

    public static int Report(Exception e)
    {
        var message = Store.ConnectionProblems.Find(e) is { } unreachable
            ? $"A database cannot be reached or refused the connection: {unreachable.Message}{(unreachable.InnerException is { } why ? $" ({why.Message})" : "")}. " +
              "Check ConnectionStrings__Tracker, or the database a newsroom is placed in, and that its server is running."
            : e.Message;
        var advice = e is IOException ? " Another program is using that port; choose another with --urls http://127.0.0.1:PORT." : "";
        Console.Error.WriteLine($"tracker: {message}{advice}");
        return 1;
    }
}
