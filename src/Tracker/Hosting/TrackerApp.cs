using System.Text.Json;
using JasperFx;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tracker.Accounts;
using Tracker.EventStore;
using Tracker.Http;
using Wolverine.Http;

namespace Tracker.Hosting;

/// <summary>The web app: services, middleware and routes. Program.cs only chooses between this and a CLI verb.</summary>
public static class TrackerApp
{
    public static async Task<WebApplication> Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var proxies = TrustedProxies.Read(builder.Configuration[TrustedProxies.Setting]);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:5000");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = BodyLimit.MaxBytes);
        // The host logs a failed start (a port taken) with a full stack trace; Program.cs says it in one line instead. A
        // faulted background service still shows: the host logs it as Critical when it stops.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        AddServices(builder.Services, builder.Configuration);
        Telemetry.TrackerTelemetry.Add(builder);

        var app = builder.Build();
        app.Services.GetRequiredService<DatabaseHost>().ServesHttp = true;
        await TrackerStore.Prepare(app.Services, app.Lifetime.ApplicationStopping);
        await Messaging.StartEarly(app.Services, app.Lifetime.ApplicationStopping);
        await FirstStart.Run(app.Services, app.Lifetime.ApplicationStopping);
        await Demo.DemoFlag.LoadIfAsked(app.Services, app.Lifetime.ApplicationStopping);

        // First: everything after it (the log, the throttle, cookies) sees the client's address and scheme.
        TrustedProxies.Use(app, proxies);
        app.UseHttpLogging();
        // HEAD is rewritten to GET before routing picks the endpoint, so routing is placed here rather than first.
        app.UseHeadAsGet();
        app.UseRouting();
        app.UseNoFraming();
        app.UseTrackerErrors();
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            // A person following a bad link sees a page with a way back; programs and /api get the problem document.
            var page = ErrorHandling.IsPage(http);
            var result = page
                ? Web.PageResults.Message(http, status, Problems.TitleFor(status), status == 404
                    ? "There is no page at this address in your newsroom. The link may be mistyped, or the record another newsroom's."
                    : "This request could not be answered.")
                : Problems.Problem(status, status == 404 ? "not_found" : "http_" + status, Problems.TitleFor(status) + ".");
            if (page) Web.WebAccess.SecurityHeaders(http.Response);
            await result.ExecuteAsync(http);
        });
        app.UseBodyLimit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseNoNulText();
        app.UseAntiforgery();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint("/openapi/v1.json", "Tracker API v1");
            ui.RoutePrefix = "api/docs";
            ui.DocumentTitle = "Tracker API";
        });
        Health.Map(app);
        Telemetry.TrackerTelemetry.MapMetrics(app);
        Login.Map(app);
        Features.MapRoutes(app);
        // The writes already on Wolverine (the verdict workflow, Verdicts/VerdictWrites). The Marten session's tenant is
        // the signed-in account's newsroom; each endpoint checks it again (Wolverine's detection alone is not a membership check).
        MapWolverine(app);
        return app;
    }

    /// <summary>JasperFx's codegen commands over the app's services, without starting a database: nothing is resolved but code.</summary>
    public static Task<int> Codegen(string[] args)
    {
        var builder = WebApplication.CreateBuilder();
        AddServices(builder.Services, builder.Configuration);
        // Marten's store is built to generate the HTTP endpoints' code; it never connects, so a data source that points
        // nowhere stands in for the database.
        builder.Services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create("Host=codegen.invalid;Database=tracker"));
        builder.Services.AddSingleton(sp => new Newsrooms.Placement.NewsroomDatabases(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
            new Dictionary<string, Npgsql.NpgsqlDataSource>()));
        var app = builder.Build();
        MapWolverine(app); // so the HTTP endpoints' code is generated too
        return app.RunJasperFxCommands(args);
    }

    private static void MapWolverine(WebApplication app) =>
        app.MapWolverineEndpoints(opts =>
        {
            opts.TenantId.IsClaimTypeNamed(HttpActor.NewsroomClaim);
            opts.AddMiddleware(typeof(NewsroomMembership));
            opts.AddMiddleware(typeof(WritePreconditions), WritePreconditions.AppliesTo);
        });

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddTrackerStore();
        services.AddMessaging(configuration);
        services.AddWolverineHttp();
        Audit.Checkpoints.CheckpointServices.AddCheckpoints(services);
        services.AddSingleton<AccountService>();
        services.TryAddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<object>, Microsoft.AspNetCore.Identity.PasswordHasher<object>>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<HealthProbe>();
        services.AddSingleton<Claims.ClaimCommands>();
        services.AddSingleton<Stories.StoryCommands>();
        services.AddSingleton<Sources.SourceCommands>();
        services.AddSingleton<Stories.StoryQueries>();
        services.AddProblemDetails();
        services.AddOpenApi(o =>
        {
            WolverineOpenApi.DescribeRequestBodies(o);
            OpenApiContract.Describe(o);
        });
        // Secure over HTTPS, so the cookie never travels in clear text; plain HTTP (a laptop's 127.0.0.1) still works.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        DatabaseKeyRing.Use(services);
        services.AddHttpLogging(o => o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
            | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => Strict(o.SerializerOptions));
        services.AddAuthentication(BearerAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerAuthentication>(BearerAuthentication.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = "tracker";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                // The cookie is only a session id with a copy of the claims: every request looks the session and the account
                // up again, so sign-out, disabling and a change of roles take effect on the next request.
                o.Events.OnValidatePrincipal = CookieSessions.Validate;
            });
        services.AddAuthorization();
        Web.Workbench.AddWorkbench(services);
    }

    /// <summary>
    /// Unknown fields, missing required ones, nulls where none belong (list items too), numbers for enums, a field given
    /// twice and a field in another case ("Title") are all refused (a text holding NUL is, before binding, by
    /// <see cref="NoNulText"/>): readers disagree on which of two values counts, so
    /// a body must mean one thing (as an export line must).
    /// </summary>
    public static void Strict(JsonSerializerOptions json)
    {
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.AllowDuplicateProperties = false;
        json.PropertyNameCaseInsensitive = false;
        json.RespectNullableAnnotations = true;
        json.RespectRequiredConstructorParameters = true;
        json.MaxDepth = 32;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        json.TypeInfoResolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
            .WithAddedModifier(NullItems.Refuse);
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }
}
