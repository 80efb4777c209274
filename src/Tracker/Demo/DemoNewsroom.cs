using System.Text.RegularExpressions;
using Tracker.Accounts;
using Tracker.Hosting;

namespace Tracker.Demo;

/// <summary>Where the demo goes: a named newsroom (opened for it when new, so the demo can live apart from real work), or the given default.</summary>
internal static partial class DemoNewsroom
{
    /// <returns>The new newsroom's admin when this opened it, else null.</returns>
    public static async Task<NewAccount?> Ensure(IServiceProvider services, string slug, CancellationToken ct)
    {
        var rooms = await services.GetRequiredService<AccountDirectory>().Newsrooms(ct);
        if (rooms.Any(r => r.Slug == slug)) return null;
        if (!Slug().IsMatch(slug)) throw new DemoLoadException($"There is no newsroom '{slug}', and a new one's slug is lowercase letters, digits and dashes.");
        return await FirstStart.OpenNewsroom(services, slug, "Demo newsroom", ct);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex Slug();
}
