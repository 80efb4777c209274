using Npgsql;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Sources;
using Tracker.Stories;

namespace Tracker;

/// <summary>The current state of every claim, story and source, kept inline so reads never replay a stream.</summary>
public static class ReadModels
{
    public static readonly SnapshotProjection<Claim> Claims = new(TrackerStore.Schema, "claims", ClaimEventTypes.StreamType);
    public static readonly SnapshotProjection<Story> Stories = new(TrackerStore.Schema, "stories", StoryEventTypes.StreamType);
    public static readonly SnapshotProjection<Source> Sources = new(TrackerStore.Schema, "sources", SourceEventTypes.StreamType);

    /// <summary>Indexes the API's list queries lean on: a story's claims, a newsroom's sources by name.</summary>
    public sealed class Indexes : IInlineProjection
    {
        public bool Handles(string streamType) => false;

        public Task Prepare(InlineWrite write, IReadOnlyList<StoredEvent> events, CancellationToken ct) => Task.CompletedTask;

        public async Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct)
        {
            await using var cmd = new NpgsqlCommand($"""
                create index if not exists claims_by_story on {Claims.Table} (tenant_id, ((data->>'storyId')::uuid));
                create index if not exists sources_by_name on {Sources.Table} (tenant_id, lower(data->'details'->>'name'));
                """, conn);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}
