using System.Diagnostics;

namespace Tracker.Tests.Resilience;

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails naming what was awaited. Returns how long it took.</summary>
    public static async Task<TimeSpan> Until(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await condition()) return clock.Elapsed;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Npgsql.NpgsqlException)
            {
                // Not there yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Not within {timeout.TotalSeconds} s: {what}. {describe?.Invoke()}");
    }
}
