using Tracker.EventStore.Embedded;
using Tracker.EventStore.Tests.Support;
using Tracker.Testing;

namespace Tracker.EventStore.Tests.Embedded;

public sealed class PostgresBinariesTests : IDisposable
{
    private readonly TempDirectory _temp = TempDirectory.Create();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_empty_TRACKER_PG_BIN_is_refused_with_a_message_that_says_how_to_get_PostgreSQL()
    {
        var empty = Folder("empty");
        var search = new PostgresSearch(PgBinOverride: empty, PathDirectories: [empty], InstallFolders: []);

        var error = Should.Throw<PostgresNotFoundException>(() => PostgresBinaries.Locate(search));

        error.Message.ShouldContain($"TRACKER_PG_BIN={empty}");
        ShouldSayHowToGetPostgres(error);
    }

    [Fact]
    public void Nothing_on_PATH_or_in_the_usual_folders_raises_PostgresNotFoundException()
    {
        var search = new PostgresSearch(null, [Folder("bin")], [Path.Combine(_temp.Path, "nowhere", "*", "bin")]);

        var error = Should.Throw<PostgresNotFoundException>(() => PostgresBinaries.Locate(search));

        ShouldSayHowToGetPostgres(error);
    }

    [Fact]
    public void The_highest_installed_version_wins()
    {
        foreach (var version in new[] { "9.6", "15", "10" })
        {
            FakeInstall(Path.Combine("lib", version, "bin"));
        }

        var found = PostgresBinaries.Locate(new PostgresSearch(null, [], [Path.Combine(_temp.Path, "lib", "*", "bin")]));

        found.Directory.ShouldBe(Path.Combine(_temp.Path, "lib", "15", "bin"));
    }

    [Fact]
    public void A_client_only_folder_on_PATH_is_passed_over_for_a_full_server_install()
    {
        var clientOnly = Folder("client");
        Executable(Path.Combine(clientOnly, "pg_ctl"));
        var server = FakeInstall("server");

        var found = PostgresBinaries.Locate(new PostgresSearch(null, [clientOnly], [server]));

        found.Directory.ShouldBe(server);
    }

    [Fact]
    public void TRACKER_PG_BIN_wins_over_PATH()
    {
        var onPath = FakeInstall("path");
        var chosen = FakeInstall("chosen");

        PostgresBinaries.Locate(new PostgresSearch(chosen, [onPath], [])).Directory.ShouldBe(chosen);
        PostgresBinaries.Locate(new PostgresSearch(null, [onPath], [chosen])).Directory.ShouldBe(onPath);
    }

    private static void ShouldSayHowToGetPostgres(PostgresNotFoundException error)
    {
        error.Message.ShouldContain("sudo apt-get install postgresql");
        error.Message.ShouldContain("brew install postgresql@17");
        error.Message.ShouldContain("ConnectionStrings__Tracker=Host=");
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_temp.Path, name)).FullName;

    private string FakeInstall(string relative)
    {
        var folder = Folder(relative);
        foreach (var tool in new[] { "initdb", "pg_ctl", "postgres" })
        {
            Executable(Path.Combine(folder, tool));
        }

        return folder;
    }

    private static void Executable(string path)
    {
        File.WriteAllText(path, "#!/bin/sh\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
