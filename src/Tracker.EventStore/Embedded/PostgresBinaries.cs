using System.Text.RegularExpressions;

namespace Tracker.EventStore.Embedded;

/// <summary>Where to look for PostgreSQL's server binaries; a value so tests need not touch the process environment.</summary>
internal sealed record PostgresSearch(string? PgBinOverride, IReadOnlyList<string> PathDirectories, IReadOnlyList<string> InstallFolders)
{
    // Debian/Ubuntu keep server binaries off PATH, one folder per major version; Homebrew keeps one per formula.
    public static readonly IReadOnlyList<string> UsualInstallFolders =
    [
        "/usr/lib/postgresql/*/bin",
        "/usr/local/pgsql/bin",
        "/opt/homebrew/opt/postgresql*/bin",
        "/usr/local/opt/postgresql*/bin",
        "/opt/homebrew/bin",
    ];

    public static PostgresSearch FromEnvironment() => new(
        Environment.GetEnvironmentVariable("TRACKER_PG_BIN"),
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries),
        UsualInstallFolders);
}

/// <summary>The folder holding initdb, pg_ctl and postgres of one PostgreSQL install.</summary>
internal sealed partial record PostgresBinaries(string Directory)
{
    private static readonly string[] Required = ["initdb", "pg_ctl", "postgres"];

    public string Initdb => Path.Combine(Directory, "initdb");
    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public static PostgresBinaries Locate() => Locate(PostgresSearch.FromEnvironment());

    public static PostgresBinaries Locate(PostgresSearch search)
    {
        // An explicit choice is honoured or refused, never silently replaced by another install.
        if (!string.IsNullOrWhiteSpace(search.PgBinOverride))
        {
            return HasAll(search.PgBinOverride)
                ? new PostgresBinaries(Path.GetFullPath(search.PgBinOverride))
                : throw PostgresNotFoundException.Create($"TRACKER_PG_BIN={search.PgBinOverride} (it does not hold initdb, pg_ctl and postgres)");
        }

        // All three from one folder, so the tools and the server are the same version.
        var found = search.PathDirectories
            .Concat(search.InstallFolders.SelectMany(Expand))
            .FirstOrDefault(HasAll);
        return found is not null
            ? new PostgresBinaries(Path.GetFullPath(found))
            : throw PostgresNotFoundException.Create("PATH, " + string.Join(", ", search.InstallFolders));
    }

    private static bool HasAll(string directory) => Required.All(name => IsExecutable(Path.Combine(directory, name)));

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() ||
            (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    /// <summary>Expands one '*' path segment, highest version first ("17" before "9.6", "postgresql@17" before "postgresql").</summary>
    private static IEnumerable<string> Expand(string pattern)
    {
        var star = pattern.IndexOf('*');
        if (star < 0)
        {
            return [pattern];
        }

        var segmentStart = pattern.LastIndexOf('/', star);
        var segmentEnd = pattern.IndexOf('/', star);
        var parent = segmentStart <= 0 ? "/" : pattern[..segmentStart];
        var segment = segmentEnd < 0 ? pattern[(segmentStart + 1)..] : pattern[(segmentStart + 1)..segmentEnd];
        var rest = segmentEnd < 0 ? "" : pattern[(segmentEnd + 1)..];
        if (!System.IO.Directory.Exists(parent))
        {
            return [];
        }

        return System.IO.Directory.EnumerateDirectories(parent, segment)
            .OrderByDescending(dir => VersionOf(Path.GetFileName(dir)))
            .Select(dir => Path.Combine(dir, rest));
    }

    private static Version VersionOf(string name)
    {
        var match = VersionPattern().Match(name);
        if (!match.Success)
        {
            return new Version(0, 0);
        }

        return Version.TryParse(match.Value.Contains('.') ? match.Value : match.Value + ".0", out var version)
            ? version
            : new Version(0, 0);
    }

    [GeneratedRegex(@"\d+(\.\d+)*$")]
    private static partial Regex VersionPattern();
}
