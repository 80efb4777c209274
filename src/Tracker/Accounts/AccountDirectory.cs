using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Store;
using Tracker.Newsrooms.Placement;

namespace Tracker.Accounts;

public sealed record TokenSummary(Guid TokenId, string? Name, DateTimeOffset IssuedAt, bool Revoked);

public sealed record AccountSummary(Guid Id, string Name, IReadOnlyList<string> Roles, DateTimeOffset Created, bool Disabled);

/// <summary>Who is who: token and password look-ups against the accounts read model.</summary>
/// <param name="hasher">Checks passwords; the app's is ASP.NET Core Identity's PBKDF2 hasher (tests count its calls).</param>
/// <remarks>
/// Accounts live with their newsroom's events, so a newsroom placed in a database of its own has them there. Look-ups
/// by token, session or setup code ask each database in turn (the main one first, or for a token or session seen
/// before, the database it was found in), and a row is believed only from the database its newsroom is placed in: a
/// newsroom database cannot vouch for another newsroom's account.
/// </remarks>
public sealed class AccountDirectory(NewsroomDatabases databases, IPasswordHasher<object>? hasher = null) : IDisposable
{
    private const string S = TrackerStore.Schema;
    private static readonly PasswordHasher<object> Hasher = new();

    // The database a token or session was last found in, asked first next time: otherwise every request of a placed
    // newsroom asks the main database before its own. Only the order of the look-ups is kept, never an answer: each
    // request still reads the account and its roles as they are now.
    private readonly MemoryCache foundIn = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    // Checked when the name is unknown, so that answer costs a full hash like a wrong password does.
    private static readonly Lazy<string> UnknownNameHash = new(() => HashPassword(Guid.NewGuid().ToString()));

    public async Task<Actor?> FindByToken(string token, CancellationToken ct = default)
    {
        const string Sql = $"select a.id, a.name, a.tenant_id, a.roles from {S}.account_tokens t " +
            $"join {S}.accounts a on a.tenant_id = t.tenant_id and a.id = t.account_id where t.hash = $1 and not t.revoked and not a.disabled";
        var hash = ApiToken.Hash(token);
        return await FirstAcross("token " + hash, async db =>
        {
            await using var cmd = db.CreateCommand(Sql);
            cmd.Parameters.Add(new() { Value = hash });
            return await ReadActor(cmd, ct);
        });
    }

    /// <summary>The newsroom's account, disabled or not.</summary>
    public async Task<Actor?> FindById(string newsroom, Guid id, CancellationToken ct = default) =>
        (await FindWithStatus(newsroom, id, ct))?.Account;

    /// <summary>The newsroom's account whether or not it is disabled, and which: a rule that names people (assigning a claim) refuses a disabled one.</summary>
    public async Task<(Actor Account, bool Disabled)?> FindWithStatus(string newsroom, Guid id, CancellationToken ct = default)
    {
        await using var cmd = databases.For(newsroom).CreateCommand($"select id, name, tenant_id, roles, disabled from {S}.accounts where tenant_id = $1 and id = $2");
        cmd.Parameters.Add(new() { Value = newsroom });
        cmd.Parameters.Add(new() { Value = id });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (ActorFrom(reader), reader.GetBoolean(4)) : null;
    }

    /// <summary>The account when the password matches; null for an unknown name or a wrong password alike.</summary>
    public async Task<Actor?> CheckPassword(string newsroom, string name, string password, CancellationToken ct = default)
    {
        await using var cmd = databases.For(newsroom).CreateCommand(
            $"select a.id, a.name, a.tenant_id, a.roles, c.password_hash from {S}.accounts a " +
            $"join {S}.credentials c on c.tenant_id = a.tenant_id and c.account_id = a.id where a.tenant_id = $1 and lower(a.name) = lower($2) and not a.disabled");
        cmd.Parameters.Add(new() { Value = newsroom });
        cmd.Parameters.Add(new() { Value = name });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            SpendAsOnAPassword(password);
            return null;
        }
        var verdict = (hasher ?? Hasher).VerifyHashedPassword(this, reader.GetString(4), password);
        return verdict == PasswordVerificationResult.Failed ? null : ActorFrom(reader);
    }

    public static string HashPassword(string password) => Hasher.HashPassword(new object(), password);

    /// <summary>Writes the credential in the append transaction that records <see cref="PasswordSet"/>.</summary>
    public static Ledger.AlsoWrite StoreCredential(string newsroom, Guid accountId, string password) =>
        (session, _) => session.QueueSqlCommand(
            $"insert into {S}.credentials (tenant_id, account_id, password_hash, updated) values (?, ?, ?, now()) " +
            "on conflict (tenant_id, account_id) do update set password_hash = excluded.password_hash, updated = excluded.updated",
            newsroom, accountId, HashPassword(password));

    /// <summary>
    /// Takes as long as checking a password does, for a sign-in that has no account to check it against: without it an
    /// unknown name answered in 25 ms and a known one in 300 ms, a way to list accounts.
    /// </summary>
    public void SpendAsOnAPassword(string password) => (hasher ?? Hasher).VerifyHashedPassword(this, UnknownNameHash.Value, password);

    public async Task<bool> NameTaken(string newsroom, string name, CancellationToken ct = default)
    {
        await using var cmd = databases.For(newsroom).CreateCommand($"select exists (select 1 from {S}.accounts where tenant_id = $1 and lower(name) = lower($2))");
        cmd.Parameters.Add(new() { Value = newsroom });
        cmd.Parameters.Add(new() { Value = name.Trim() });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<IReadOnlyList<AccountSummary>> List(string newsroom, CancellationToken ct = default)
    {
        await using var cmd = databases.For(newsroom).CreateCommand($"select id, name, roles, created, disabled from {S}.accounts where tenant_id = $1 order by name");
        cmd.Parameters.Add(new() { Value = newsroom });
        var accounts = new List<AccountSummary>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            accounts.Add(new(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4)));
        return accounts;
    }

    /// <summary>The account and newsroom a token id belongs to, for revocation from the shell.</summary>
    public async Task<(string Newsroom, Guid AccountId)?> FindToken(Guid tokenId, CancellationToken ct = default)
    {
        foreach (var db in databases.All)
        {
            await using var cmd = db.CreateCommand($"select tenant_id, account_id from {S}.account_tokens where token_id = $1");
            cmd.Parameters.Add(new() { Value = tokenId });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct) && databases.For(reader.GetString(0)) == db) return (reader.GetString(0), reader.GetGuid(1));
        }
        return null;
    }

    /// <summary>The person a setup code was made for (the code's latest state is checked by the account's own decision).</summary>
    public async Task<Actor?> FindBySetupCode(string hash, CancellationToken ct = default)
    {
        return await FirstAcross(null, async db =>
        {
            await using var cmd = db.CreateCommand($"select a.id, a.name, a.tenant_id, a.roles from {S}.account_setup_codes c " +
                $"join {S}.accounts a on a.tenant_id = c.tenant_id and a.id = c.account_id where c.hash = $1");
            cmd.Parameters.Add(new() { Value = hash });
            return await ReadActor(cmd, ct);
        });
    }

    /// <summary>An account's tokens, without their secrets (only hashes are stored anyway).</summary>
    public async Task<IReadOnlyList<TokenSummary>> Tokens(string newsroom, Guid accountId, CancellationToken ct = default)
    {
        await using var cmd = databases.For(newsroom).CreateCommand(
            $"select token_id, name, issued, revoked from {S}.account_tokens where tenant_id = $1 and account_id = $2 order by issued");
        cmd.Parameters.Add(new() { Value = newsroom });
        cmd.Parameters.Add(new() { Value = accountId });
        var tokens = new List<TokenSummary>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            tokens.Add(new(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetBoolean(3)));
        return tokens;
    }

    /// <summary>Opens a workbench session for an account that just signed in; its id goes into the cookie.</summary>
    public async Task<Guid> StartSession(Actor actor, DateTimeOffset now, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7();
        await using var cmd = databases.For(actor.Newsroom).CreateCommand($"insert into {S}.web_sessions (id, tenant_id, account_id, started) values ($1, $2, $3, $4)");
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = actor.Newsroom });
        cmd.Parameters.Add(new() { Value = actor.AccountId });
        cmd.Parameters.Add(new() { Value = now });
        await cmd.ExecuteNonQueryAsync(ct);
        return id;
    }

    /// <summary>Signing out ends the session here, so a copy of the cookie replayed later is refused.</summary>
    public async Task EndSession(Guid sessionId, DateTimeOffset now, CancellationToken ct = default)
    {
        foreach (var db in databases.All)
        {
            await using var cmd = db.CreateCommand($"update {S}.web_sessions set ended = $2 where id = $1 and ended is null");
            cmd.Parameters.Add(new() { Value = sessionId });
            cmd.Parameters.Add(new() { Value = now });
            if (await cmd.ExecuteNonQueryAsync(ct) > 0) return;
        }
    }

    /// <summary>
    /// How long a workbench session lasts however often it is used: the cookie's 12-hour expiry slides with use, so a
    /// copied cookie used twice a day would otherwise work until its owner signs out.
    /// </summary>
    public static readonly TimeSpan MaxSessionAge = TimeSpan.FromDays(7);

    /// <summary>The account behind an open session, with its roles as they are now; null once ended, older than
    /// <see cref="MaxSessionAge"/>, or the account is disabled.</summary>
    public async Task<Actor?> FindBySession(Guid sessionId, DateTimeOffset now, CancellationToken ct = default)
    {
        return await FirstAcross("session " + sessionId, async db =>
        {
            await using var cmd = db.CreateCommand($"select a.id, a.name, a.tenant_id, a.roles from {S}.web_sessions s " +
                $"join {S}.accounts a on a.tenant_id = s.tenant_id and a.id = s.account_id where s.id = $1 and s.ended is null and s.started > $2 and not a.disabled");
            cmd.Parameters.Add(new() { Value = sessionId });
            cmd.Parameters.Add(new() { Value = now - MaxSessionAge });
            return await ReadActor(cmd, ct);
        });
    }

    /// <summary>The newsrooms that have an account of this name (any letter case): sign-in needs no newsroom when there is one.</summary>
    public async Task<IReadOnlyList<string>> NewsroomsWithAccount(string name, CancellationToken ct = default)
    {
        var rooms = new List<string>();
        foreach (var db in databases.All)
        {
            await using var cmd = db.CreateCommand($"select tenant_id from {S}.accounts where lower(name) = lower($1)");
            cmd.Parameters.Add(new() { Value = name.Trim() });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                if (databases.For(reader.GetString(0)) == db) rooms.Add(reader.GetString(0));
        }
        return rooms.Order(StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<(string Slug, string Name)>> Newsrooms(CancellationToken ct = default)
    {
        var list = new List<(string Slug, string Name, DateTimeOffset Created)>();
        foreach (var db in databases.All)
        {
            await using var cmd = db.CreateCommand($"select slug, name, created from {S}.newsrooms");
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                if (databases.For(reader.GetString(0)) == db) list.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return list.OrderBy(n => n.Created).Select(n => (n.Slug, n.Name)).ToList();
    }

    /// <summary>
    /// The first database's answer, believed only from the database the actor's newsroom is placed in; the database
    /// the key was last found in is asked first.
    /// </summary>
    private async Task<Actor?> FirstAcross(string? key, Func<NpgsqlDataSource, Task<Actor?>> find)
    {
        var remember = key is not null && databases.All.Count > 1; // with one database there is no order to keep
        NpgsqlDataSource? last = null;
        if (remember && foundIn.TryGetValue(key!, out last) && await Believed(last!) is { } known) return known;
        foreach (var db in databases.All)
        {
            if (db == last || await Believed(db) is not { } actor) continue;
            if (remember) foundIn.Set(key!, db, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
            return actor;
        }
        return null;

        async Task<Actor?> Believed(NpgsqlDataSource db) => await find(db) is { } actor && databases.For(actor.Newsroom) == db ? actor : null;
    }

    public void Dispose() => foundIn.Dispose();

    private static async Task<Actor?> ReadActor(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ActorFrom(reader) : null;
    }

    private static Actor ActorFrom(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), RoleNames.Parse(reader.GetFieldValue<string[]>(3)));
}
