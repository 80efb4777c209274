namespace Tracker.EventStore.Embedded;

/// <summary>No PostgreSQL server install (initdb, pg_ctl, postgres) was found for the embedded cluster.</summary>
public sealed class PostgresNotFoundException : Exception
{
    public PostgresNotFoundException(string message) : base(message) { }

    // The reader of this message is a person at a terminal: tell them both ways forward.
    internal static PostgresNotFoundException Create(string whereWeLooked) => new(
        $"""
        Tracker starts its own PostgreSQL when no database is configured, but no PostgreSQL server install was found (it needs initdb, pg_ctl and postgres in one folder).
        Looked in: {whereWeLooked}
        Install PostgreSQL:
          Debian/Ubuntu:  sudo apt-get install postgresql
          Fedora/RHEL:    sudo dnf install postgresql-server
          macOS:          brew install postgresql@17
        or set TRACKER_PG_BIN to the folder holding initdb, pg_ctl and postgres,
        or point Tracker at a running server instead:
          ConnectionStrings__Tracker=Host=...;Username=...;Password=...;Database=...
        """);
}
