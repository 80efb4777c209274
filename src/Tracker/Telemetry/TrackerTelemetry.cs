using Marten;
using JasperFx.OpenTelemetry;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Tracker.Telemetry;

/// <summary>
/// OpenTelemetry for the web app: traces and metrics from ASP.NET Core, HttpClient, Npgsql, Marten, Wolverine (when it
/// is hosted) and the runtime, plus <see cref="TrackerMetrics"/>. Exported with OTLP when OTEL_EXPORTER_OTLP_ENDPOINT
/// is set (the other standard OTEL_* variables apply), and always scrapeable as Prometheus text at /metrics, for the
/// readers <see cref="MetricsAccess"/> allows. docs/operations.md lists what is measured.
/// </summary>
public static class TrackerTelemetry
{
    public const string MetricsPath = "/metrics";

    // Marten's activity source and meter; Wolverine's meter carries its service name after "Wolverine".
    private const string Marten = "Marten";
    private const string Wolverine = "Wolverine";

    public static void Add(WebApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "tracker"))
            .WithTracing(t => t
                // A scrape every few seconds is not a trace anyone wants.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(Marten, Wolverine))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(Marten, Wolverine + "*", TrackerMetrics.MeterName)
                // No cached answer: a scrape right after a write sees it (scrapers come every 15 s or so, not in bursts).
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) otel.UseOtlpExporter();

        builder.Services.AddHostedService<BacklogSampler>();
        builder.Services.ConfigureMarten(opts =>
        {
            // Marten's spans for each connection's work; its per-event counter stays off, as it is tagged by newsroom.
            opts.OpenTelemetry.TrackConnections = TrackLevel.Normal;
            opts.Listeners.Add(new AppendCounter());
        });
    }

    public static void MapMetrics(WebApplication app)
    {
        var token = app.Configuration[MetricsAccess.TokenSetting];
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (http, next) =>
        {
            if (MetricsAccess.Allowed(http, token)) await next(http);
            else http.Response.StatusCode = StatusCodes.Status403Forbidden;
        }), optionsName: null);
    }
}
