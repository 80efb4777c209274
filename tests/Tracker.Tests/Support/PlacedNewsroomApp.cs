using Tracker.Hosting;
using Tracker.Testing;

namespace Tracker.Tests.Support;

/// <summary>
/// The app with its first newsroom ("newsroom", where <see cref="TrackerAppFactory.As"/> makes accounts) placed in a
/// database of its own on a second PostgreSQL cluster, set up as an operator would: both roles made there by a
/// superuser, the placement in configuration. Other newsrooms stay in the main database, on the first cluster.
/// </summary>
public class PlacedNewsroomApp : TrackerAppFactory
{
    public const string Slug = "newsroom";

    public PlacedNewsroomApp() : this([]) { }

    /// <param name="alsoThere">Newsrooms placed in the same database, by the same connection strings.</param>
    protected PlacedNewsroomApp(string[] alsoThere) => SettingsAtStart = async () =>
    {
        OwnDatabase = await TestDatabase.CreateDatabaseOnSecondServer("placed");
        await DatabaseRoles.Ensure(OwnDatabase);
        var settings = new Dictionary<string, string>();
        foreach (var slug in alsoThere.Prepend(Slug))
        {
            settings[$"newsrooms:{slug}:database"] = DatabaseRoles.As(OwnDatabase, DatabaseRoles.App);
            settings[$"newsrooms:{slug}:ownerDatabase"] = DatabaseRoles.As(OwnDatabase, DatabaseRoles.Owner);
        }
        return settings;
    };

    /// <summary>The superuser's connection to the placed newsroom's database (second cluster).</summary>
    public string OwnDatabase { get; private set; } = "";
}
