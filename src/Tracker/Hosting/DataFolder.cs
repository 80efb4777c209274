namespace Tracker.Hosting;

/// <summary>Where the app keeps its embedded database and the first admin token: --data, else TRACKER_DATA, else XDG's data home.</summary>
public static class DataFolder
{
    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration["data"] ?? Environment.GetEnvironmentVariable("TRACKER_DATA");
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return Path.Combine(root, "tracker");
    }
}
