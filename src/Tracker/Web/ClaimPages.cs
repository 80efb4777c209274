using Tracker.Store;
using Npgsql;
using Tracker.Accounts;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Verdicts;
using Tracker.Web.Pages;

namespace Tracker.Web;

/// <summary>
/// A claim's page and its forms: propose a verdict, sign it off or send it back, void it, correct the wording, withdraw
/// an attribution, link and unlink claims, assign, tag, note, archive and restore.
/// </summary>
public static class ClaimPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/claims/{id:guid}", (HttpContext http, Guid id, WorkbenchQueries queries, Ledger store) =>
            Show(http, id, queries, store, null, 200)).Page(Access.Anyone);

        app.MapPost("/claims/{id:guid}/verdicts", (HttpContext http, Guid id, PostedForm form, ClaimCommands claims,
            WorkbenchQueries queries, Ledger store) =>
        {
            var command = new ProposeVerdict(form.Id("verdictId") ?? Guid.CreateVersion7(), form.Text("rating") ?? "", form.Text("summary") ?? "",
                Evidence(form), form.Text("correctionNote"));
            return Submit(http, id, form, "propose", queries, store, async context =>
            {
                var registered = await CitedSources.Registered(store, context.By.Newsroom, command.Evidence, http.RequestAborted);
                return await claims.On(context, id, VerdictWrites.Proposing(command, registered), command.CorrectionNote, http.RequestAborted);
            });
        }).Page(Access.Factcheckers);

        app.MapPost("/claims/{id:guid}/verdicts/{verdictId:guid}/approve", (HttpContext http, Guid id, Guid verdictId, PostedForm form, ClaimCommands claims,
            WorkbenchQueries queries, Ledger store) =>
            Submit(http, id, form, "sign-off", queries, store, context =>
                claims.On(context, id, VerdictWrites.Approving(verdictId), ct: http.RequestAborted)))
            .Page(Access.Editors);

        // The forms apply the rules of the API's endpoints (VerdictWrites, ClaimWrites); sending back and voiding take an editor's reason.
        MapEditorDecision(app, "reject", VerdictWrites.Rejecting);
        MapEditorDecision(app, "void", VerdictWrites.Voiding);

        app.MapPost("/claims/{id:guid}/text", (HttpContext http, Guid id, PostedForm form, ClaimCommands claims,
            WorkbenchQueries queries, Ledger store) =>
        {
            var command = new CorrectClaimText(form.Text("text") ?? "", form.Text("reason") ?? "");
            return Submit(http, id, form, "text", queries, store, context =>
                claims.On(context, id, ClaimWrites.CorrectingText(command), command.Reason, http.RequestAborted));
        }).Page(Access.Factcheckers);

        app.MapPost("/claims/{id:guid}/text-corrections/{textCorrectionId:guid}/{decision:regex(^(approve|reject)$)}",
            (HttpContext http, Guid id, Guid textCorrectionId, string decision, PostedForm form, ClaimCommands claims, WorkbenchQueries queries, Ledger store) =>
            {
                var command = new DecideTextCorrection(textCorrectionId, decision == "approve", form.Text("reason"));
                return Submit(http, id, form, "rewording", queries, store, context =>
                    claims.On(context, id, ClaimWrites.DecidingTextCorrection(command), command.Reason, http.RequestAborted));
            }).Page(Access.Editors);

        // The claim's other writes, with the rules and roles of the API's ClaimWrites and ClaimOrganiseWrites endpoints.
        app.MapPost("/claims/{id:guid}/attributions/{attributionId:guid}/withdraw", (HttpContext http, Guid id, Guid attributionId, PostedForm form,
            ClaimCommands claims, WorkbenchQueries queries, Ledger store) =>
        {
            var reason = form.Text("reason") ?? "";
            return Submit(http, id, form, WithdrawForm(attributionId), queries, store, context =>
                claims.On(context, id, ClaimWrites.Withdrawing(attributionId, reason), reason, http.RequestAborted));
        }).Page(Access.Factcheckers);

        app.MapPost("/claims/{id:guid}/links", (HttpContext http, Guid id, PostedForm form, ClaimCommands claims,
            WorkbenchQueries queries, Ledger store) =>
            Submit(http, id, form, "link", queries, store, context =>
            {
                // The API's JSON cannot leave these out; a form can, so the page names the field rather than the rule.
                if (OtherClaim(form) is not { } other) return Task.FromResult<Commands.CommandOutcome?>(
                    Forms.Refuse("otherClaimId", "required", "Choose the other claim, or paste its address."));
                if (form.Enum<LinkRelation>("relation") is not { } relation) return Task.FromResult<Commands.CommandOutcome?>(
                    Forms.Refuse("relation", "required", "Choose how this claim relates to the other."));
                return claims.Link(context, id, new LinkClaims(other, relation, form.Text("note")), http.RequestAborted);
            })).Page(Access.Factcheckers);

        app.MapPost("/claims/{id:guid}/links/{otherClaimId:guid}/unlink", (HttpContext http, Guid id, Guid otherClaimId, PostedForm form,
            ClaimCommands claims, WorkbenchQueries queries, Ledger store) =>
        {
            var reason = form.Text("reason") ?? "";
            return Submit(http, id, form, UnlinkForm(otherClaimId), queries, store, context =>
                claims.Unlink(context, id, new UnlinkClaims(otherClaimId, reason), http.RequestAborted));
        }).Page(Access.Factcheckers);

        app.MapPost("/claims/{id:guid}/assign", (HttpContext http, Guid id, PostedForm form, ClaimCommands claims, AccountDirectory directory,
            WorkbenchQueries queries, Ledger store) =>
            Submit(http, id, form, "assign", queries, store, async context =>
            {
                if (form.Id("accountId") is not { } accountId) return Forms.Refuse("accountId", "required", "Choose who to assign the claim to.");
                var assignee = await directory.FindWithStatus(context.By.Newsroom, accountId, http.RequestAborted);
                return await claims.On(context, id, ClaimOrganiseWrites.Assigning(accountId, assignee), ct: http.RequestAborted);
            })).Page(Access.Factcheckers);

        app.MapPost("/claims/{id:guid}/unassign", (HttpContext http, Guid id, PostedForm form, ClaimCommands claims,
            WorkbenchQueries queries, Ledger store) =>
            Submit(http, id, form, "assign", queries, store, context =>
                claims.On(context, id, ClaimOrganiseWrites.Unassigning, ct: http.RequestAborted)))
            .Page(Access.Factcheckers);

        app.MapPost("/claims/{id:guid}/tags", (HttpContext http, Guid id, PostedForm form, ClaimCommands claims,
            WorkbenchQueries queries, Ledger store) =>
        {
            // Tags to add are typed (commas or spaces between them); tags to remove are ticked.
            var add = (form.Text("add") ?? "").Split([',', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
            var remove = form.Values["remove"].Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!).ToList();
            return Submit(http, id, form, "tags", queries, store, context =>
                claims.On(context, id, ClaimOrganiseWrites.Tagging(new(add, remove)), ct: http.RequestAborted));
        }).Page(Access.Factcheckers);

        app.MapPost("/claims/{id:guid}/notes", (HttpContext http, Guid id, PostedForm form, ClaimCommands claims,
            WorkbenchQueries queries, Ledger store) =>
            Submit(http, id, form, "note", queries, store, context =>
                claims.On(context, id, ClaimOrganiseWrites.Noting(form.Text("text") ?? ""), ct: http.RequestAborted)))
            .Page(Access.Reporters);

        app.MapPost("/claims/{id:guid}/archive", (HttpContext http, Guid id, PostedForm form, ClaimCommands claims,
            WorkbenchQueries queries, Ledger store) =>
        {
            var reason = form.Text("reason") ?? "";
            return Submit(http, id, form, "archive", queries, store, context =>
                claims.On(context, id, ClaimOrganiseWrites.Archiving(reason), reason, http.RequestAborted));
        }).Page(Access.Editors);

        app.MapPost("/claims/{id:guid}/restore", (HttpContext http, Guid id, PostedForm form, ClaimCommands claims,
            WorkbenchQueries queries, Ledger store) =>
            Submit(http, id, form, "restore", queries, store, context =>
                claims.On(context, id, ClaimOrganiseWrites.Restoring(), ct: http.RequestAborted)))
            .Page(Access.Editors);
    }

    /// <summary>Each attribution and link has its own form, so a refusal shows beside the one that was sent.</summary>
    public static string WithdrawForm(Guid attributionId) => $"withdraw-{attributionId:N}";

    public static string UnlinkForm(Guid otherClaimId) => $"unlink-{otherClaimId:N}";

    /// <summary>
    /// The claim chosen from the story's list, or else the last id in a pasted address (a claim in another story);
    /// text with no id in it reads as an id no newsroom has, so the rules refuse it by name.
    /// </summary>
    private static Guid? OtherClaim(PostedForm form)
    {
        if (form.Id("otherClaimId") is { } chosen) return chosen;
        if (form.Text("otherClaimAddress") is not { } address) return null;
        var id = address.Trim().TrimEnd('/').Split('/', '#', '?').LastOrDefault(part => Guid.TryParse(part, out _));
        return id is null ? Guid.Empty : Guid.Parse(id);
    }

    private static void MapEditorDecision(IEndpointRouteBuilder app, string action,
        Func<Guid, string, Func<Claim, Commands.Actor, DateTimeOffset, Commands.Decision>> decide) =>
        app.MapPost($"/claims/{{id:guid}}/verdicts/{{verdictId:guid}}/{action}", (HttpContext http, Guid id, Guid verdictId, PostedForm form,
            ClaimCommands claims, WorkbenchQueries queries, Ledger store) =>
        {
            var reason = form.Text("reason") ?? "";
            return Submit(http, id, form, action, queries, store, context =>
                claims.On(context, id, decide(verdictId, reason), reason, http.RequestAborted));
        }).Page(Access.Editors);

    /// <summary>
    /// Evidence rows as typed; rows left wholly blank are dropped. A row citing a registered source may leave its note
    /// out; a source value that is no id reads as an id no newsroom has, so the rules refuse it by name.
    /// </summary>
    private static List<Evidence> Evidence(PostedForm form)
    {
        var notes = form.Values["evidenceNote"];
        var urls = form.Values["evidenceUrl"];
        var sources = form.Values["evidenceSource"];
        var rows = new List<Evidence>();
        for (var i = 0; i < Math.Max(Math.Max(notes.Count, urls.Count), sources.Count); i++)
        {
            var note = i < notes.Count ? notes[i]?.Trim() ?? "" : "";
            var url = i < urls.Count && !string.IsNullOrWhiteSpace(urls[i]) ? urls[i]!.Trim() : null;
            Guid? source = i < sources.Count && !string.IsNullOrWhiteSpace(sources[i])
                ? Guid.TryParse(sources[i], out var sourceId) ? sourceId : Guid.Empty
                : null;
            if (note.Length > 0 || url is not null || source is not null)
                rows.Add(new(note.Length > 0 || source is null ? note : null, url, source));
        }
        return rows;
    }

    private static Task<IResult> Submit(HttpContext http, Guid id, PostedForm form, string name, WorkbenchQueries queries,
        Ledger store, Func<Commands.CommandContext, Task<Commands.CommandOutcome?>> command) =>
        Forms.Submit(http, form, name, "claim", command, _ => $"/claims/{id}",
            (state, status) => Show(http, id, queries, store, state, status));

    private static async Task<IResult> Show(HttpContext http, Guid id, WorkbenchQueries queries, Ledger store,
        FormState? state, int status)
    {
        var viewer = new Viewer(http.Actor());
        var tenant = viewer.Actor.Newsroom;
        var claim = await store.Load<Claim>(tenant, id, http.RequestAborted);
        if (claim is null || !claim.State.IsLogged) return PageResults.NotFound(http, "claim");
        var story = await store.Load<Stories.Story>(tenant, claim.State.StoryId, http.RequestAborted);
        var sources = await queries.Sources(tenant, http.RequestAborted);
        // The desk, for the assignee's name and the assign list; the story's claims, for the link list.
        var accounts = await http.RequestServices.GetRequiredService<AccountDirectory>().List(tenant, http.RequestAborted);
        var storyClaims = await queries.ClaimsOf(tenant, claim.State.StoryId, http.RequestAborted);
        return PageResults.Render<ClaimPage>(new
        {
            Viewer = viewer,
            Claim = new ClaimAt(claim.State, claim.Version),
            StoryTitle = story?.State.Title ?? "Story",
            Sources = sources.ToDictionary(s => s.Id),
            Linked = await queries.Claims(tenant, claim.State.Links.Select(l => l.OtherClaimId), http.RequestAborted),
            History = await store.ReadStream(tenant, id, ct: http.RequestAborted),
            Accounts = accounts,
            StoryClaims = storyClaims.Select(c => c.Claim).ToList(),
            State = state,
        }, status);
    }
}
