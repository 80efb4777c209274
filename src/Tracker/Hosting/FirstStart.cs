using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Newsrooms;
using Wolverine.Runtime;

namespace Tracker.Hosting;

/// <summary>
/// An empty installation gets a newsroom and an admin account; the admin's token goes to
/// <c>admin-token</c> in the data folder, readable by the owner only, and the console says where.
/// </summary>
public static class FirstStart
{
    public const string TokenFile = "admin-token";

    public static async Task Run(IServiceProvider services, CancellationToken ct)
    {
        var directory = services.GetRequiredService<AccountDirectory>();
        if ((await directory.Newsrooms(ct)).Count > 0) return;

        var configuration = services.GetRequiredService<IConfiguration>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Tracker.FirstStart");
        var slug = configuration["newsroom"] ?? "newsroom";
        var admin = await OpenNewsroom(services, slug, configuration["newsroomName"] ?? "Newsroom", ct);
        if (admin is null) return; // another node opened it first

        var folder = DataFolder.Resolve(configuration);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, TokenFile);
        await WriteOwnerOnly(path, admin.Token + Environment.NewLine, ct);
        logger.LogWarning("First start: opened newsroom '{Newsroom}' with admin account '{Admin}'. Its API token is in {Path} (owner-readable only).",
            slug, admin.Name, path);
    }

    /// <summary>Opens a newsroom and its first admin. Null when the newsroom already exists.</summary>
    public static async Task<NewAccount?> OpenNewsroom(IServiceProvider services, string slug, string name, CancellationToken ct)
    {
        var system = SystemActor(slug);
        try
        {
            await services.GetRequiredService<IWolverineRuntime>().Open(new OpenStream(new CommandContext(system), Guid.CreateVersion7(),
                NewsroomEventTypes.StreamType, (_, _) => Decision.Accept(new NewsroomOpened(slug, name))), ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            return null;
        }
        // Its checkpoint signing key from the start, in the data folder beside the admin token (docs/audit.md).
        services.GetRequiredService<Audit.Checkpoints.SigningKeys>().GetOrCreate(slug).Dispose();
        var admin = NewAccount.Prepare("admin", [Role.Admin]);
        await services.GetRequiredService<AccountService>().Create(new CommandContext(system), admin, null, ct);
        return admin;
    }

    /// <summary>The installation itself, as the actor of what no person did (first start, the demo loader's set-up).</summary>
    public static Actor SystemActor(string newsroom) => new(Guid.Empty, "system", newsroom, new HashSet<Role> { Role.Admin });

    private static async Task WriteOwnerOnly(string path, string content, CancellationToken ct)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var file = new FileStream(path, options);
        await using var writer = new StreamWriter(file);
        await writer.WriteAsync(content.AsMemory(), ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
