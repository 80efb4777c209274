namespace Tracker.EventStore.Embedded;

/// <summary>
/// The embedded cluster could not be created, started, stopped or reached (a stale lock file, a full disk, a damaged
/// data directory): the operator's to fix, so the message says what failed and ends with the server log's last lines.
/// </summary>
public sealed class EmbeddedPostgresException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
