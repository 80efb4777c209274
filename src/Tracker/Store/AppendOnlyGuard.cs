using System.Data.Common;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;

namespace Tracker.Store;

/// <summary>
/// Triggers that refuse to rewrite history, for every role: no UPDATE, DELETE or TRUNCATE of mt_events, no DELETE or
/// TRUNCATE of mt_streams (whose version every append updates). A Weasel feature registered after Marten's event
/// tables, so a fresh database and a migration of an old one both get them.
/// </summary>
public sealed class AppendOnlyGuard(string schema, Migrator migrator) : FeatureSchemaBase("AppendOnlyGuard", migrator)
{
    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return new Triggers(schema);
    }

    private sealed class Triggers(string schema) : ISchemaObject
    {
        public DbObjectName Identifier { get; } = new PostgresqlObjectName(schema, "tracker_append_only", SchemaUtils.IdentifierUsage.General);

        public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine($"""
            create or replace function {schema}.tracker_append_only() returns trigger language plpgsql as $$
            begin
                raise exception 'the event store is append-only: % on %.% is not allowed', tg_op, tg_table_schema, tg_table_name
                    using errcode = 'restrict_violation';
            end $$;
            create or replace trigger tracker_events_append_only before update or delete on {schema}.mt_events
                for each row execute function {schema}.tracker_append_only();
            create or replace trigger tracker_events_no_truncate before truncate on {schema}.mt_events
                for each statement execute function {schema}.tracker_append_only();
            create or replace trigger tracker_streams_no_delete before delete on {schema}.mt_streams
                for each row execute function {schema}.tracker_append_only();
            create or replace trigger tracker_streams_no_truncate before truncate on {schema}.mt_streams
                for each statement execute function {schema}.tracker_append_only();
            """);

        public void WriteDropStatement(Migrator rules, TextWriter writer)
        {
            // Never dropped: a migration that removed the guard would open history to rewriting.
        }

        public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder) => builder.Append(
            $"select count(*) from pg_trigger where not tgisinternal and tgenabled <> 'D' and tgname in ('tracker_events_append_only', " +
            $"'tracker_events_no_truncate', 'tracker_streams_no_delete', 'tracker_streams_no_truncate') and tgrelid in " +
            $"(to_regclass('{schema}.mt_events'), to_regclass('{schema}.mt_streams'));");

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
        {
            var all = await reader.ReadAsync(ct) && reader.GetInt64(0) == 4;
            return new SchemaObjectDelta(this, all ? SchemaPatchDifference.None : SchemaPatchDifference.Create);
        }

        public IEnumerable<DbObjectName> AllNames()
        {
            yield return Identifier;
        }
    }
}
