using Npgsql;

namespace Tracker.Tests.StoreGuarantees;

public static class GuardedApis
{
    /// <summary>The call fails, and it is the append-only guard that refused it (whatever Marten wrapped the refusal in).</summary>
    public static async Task ShouldBeRefusedByTheGuard(Func<Task> call)
    {
        var thrown = await Should.ThrowAsync<Exception>(call);
        var refusal = Causes(thrown).OfType<PostgresException>().FirstOrDefault();
        refusal.ShouldNotBeNull($"refused, but not by the database: {thrown}");
        refusal.SqlState.ShouldBe(PostgresErrorCodes.RestrictViolation, refusal.MessageText);
        refusal.MessageText.ShouldStartWith("the event store is append-only");
    }

    public static IEnumerable<Exception> Causes(Exception e)
    {
        yield return e;
        var inner = e is AggregateException all ? all.InnerExceptions : e.InnerException is { } one ? [one] : [];
        foreach (var cause in inner.SelectMany(Causes)) yield return cause;
    }
}
