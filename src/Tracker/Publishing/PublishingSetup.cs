using JasperFx.CodeGeneration;
using Tracker.Store;
using Wolverine;
using Wolverine.ErrorHandling;

namespace Tracker.Publishing;

/// <summary>Wolverine for the publishing webhook: the handler, its durable local queue, and retries with back-off then the dead-letter list.</summary>
public static class PublishingSetup
{
    public const string Queue = "publishing";

    public static void AddPublishing(this IServiceCollection services)
    {
        services.AddSingleton<PublishingOptions>();
        services.AddSingleton<PublishingOutbox>();
        services.AddSingleton<IAppendOutbox>(sp => sp.GetRequiredService<PublishingOutbox>());
        services.AddHostedService(sp => sp.GetRequiredService<PublishingOutbox>());
        services.AddHttpClient(DeliverClaimReviewHandler.HttpClientName, c => c.Timeout = PublishingOptions.Timeout);
    }

    public static void Configure(WolverineOptions opts, IConfiguration configuration)
    {
        opts.Discovery.IncludeType<DeliverClaimReviewHandler>();
        // Durable: the message is a row in the database from the append's commit until the receiver accepts it.
        opts.PublishMessage<ClaimReviewChanged>().ToLocalQueue(Queue).UseDurableInbox().MaximumParallelMessages(4);
        opts.Policies.OnException<WebhookRefusedException>().Or<HttpRequestException>().Or<TaskCanceledException>()
            .ScheduleRetry(PublishingOptions.RetryDelays(configuration)).Then.MoveToErrorQueue();
    }
}
