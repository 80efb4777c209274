namespace Tracker.EventStore.Tests.Ids;

public sealed class RisingIdsTests
{
    private static readonly DateTimeOffset Moment = new(2026, 3, 2, 14, 5, 9, 123, TimeSpan.Zero);

    [Fact]
    public void Ids_rise_in_the_order_PostgreSQL_sorts_uuids_in()
    {
        var ids = new RisingIds(Moment);
        var made = Enumerable.Range(0, 10_000).Select(_ => ids.Next()).ToList();
        // PostgreSQL compares uuids byte by byte, as their text sorts.
        made.Select(id => id.ToString()).ShouldBe(made.Select(id => id.ToString()).Order(StringComparer.Ordinal));
        made.Distinct().Count().ShouldBe(made.Count);
    }

    [Fact]
    public void Ids_are_version_7_with_the_moment_s_millisecond()
    {
        var ids = new RisingIds(Moment);
        for (var i = 0; i < 1000; i++)
        {
            var id = ids.Next();
            id.Version.ShouldBe(7);
            (id.Variant & 0xC).ShouldBe(0x8);
            Convert.ToInt64(id.ToString("N")[..12], 16).ShouldBe(Moment.ToUnixTimeMilliseconds());
        }
    }

    [Fact]
    public void Appends_at_the_same_moment_do_not_share_ids()
    {
        var all = Enumerable.Range(0, 1000).SelectMany(_ =>
        {
            var ids = new RisingIds(Moment);
            return Enumerable.Range(0, 100).Select(_ => ids.Next()).ToList();
        }).ToList();
        all.Distinct().Count().ShouldBe(all.Count);
    }
}
