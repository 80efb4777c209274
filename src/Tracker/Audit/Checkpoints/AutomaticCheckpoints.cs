using Tracker.Accounts;

namespace Tracker.Audit.Checkpoints;

/// <summary>
/// Takes a checkpoint of every newsroom whose record changed, every checkpoints:interval (10 minutes unless configured;
/// 00:00:00 turns it off). On start it makes any newsroom's missing signing key. A failed round is logged and the next
/// one tries again: the service never stops the app.
/// </summary>
public sealed class AutomaticCheckpoints(CheckpointOptions options, CheckpointKeeper keeper, SigningKeys keys, AccountDirectory directory,
    TimeProvider clock, ILogger<AutomaticCheckpoints> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await EachNewsroom(newsroom =>
        {
            keys.GetOrCreate(newsroom).Dispose();
            return Task.CompletedTask;
        }, stoppingToken);
        if (options.Interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(options.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await EachNewsroom(newsroom => keeper.TakeIfChanged(newsroom, stoppingToken), stoppingToken);
    }

    private async Task EachNewsroom(Func<string, Task> work, CancellationToken ct)
    {
        try
        {
            foreach (var (slug, _) in await directory.Newsrooms(ct))
            {
                try
                {
                    await work(slug);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    logger.LogError(e, "Automatic checkpoint of newsroom '{Newsroom}' failed; the next round tries again.", slug);
                }
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogError(e, "Automatic checkpoints could not list the newsrooms; the next round tries again.");
        }
    }
}
