namespace Tracker.Web;

/// <summary>
/// The fact-checkers' web workbench: server-rendered pages (Razor components, static rendering) over the same
/// command services and read models as the API, behind the cookie sign-in, with a little optional script.
/// </summary>
public static class Workbench
{
    public static IServiceCollection AddWorkbench(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddSingleton<WorkbenchQueries>();
        WebAccess.AddScheme(services);
        return services;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        Assets.Map(app);
        StoryPages.Map(app);
        SourcePages.Map(app);
        ClaimPages.Map(app);
        ReplayPages.Map(app);
        CorrectionsPages.Map(app);
        ExportPages.Map(app);
        AccountPages.Map(app);
        SearchPages.Map(app);
    }
}
