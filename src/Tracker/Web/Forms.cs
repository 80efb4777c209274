using System.Text.Json;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Http;

namespace Tracker.Web;

/// <summary>
/// Form posts: read the typed values, run the same command the API runs with the signed-in account, then
/// redirect on success or show the page again with the refusal beside the field it names.
/// </summary>
public static class Forms
{
    /// <summary>Shows the page again, as it now stands, with the refused form filled in as it was sent.</summary>
    public delegate Task<IResult> ShowAgain(FormState state, int status);

    public static async Task<IResult> Submit(HttpContext http, PostedForm form, string name, string what,
        Func<CommandContext, Task<CommandOutcome?>> command, Func<IReadOnlyList<AppendResult>, string> then, ShowAgain again)
    {
        var context = new CommandContext(http.Actor(), IfMatch: form.Int("version"));
        CommandOutcome? outcome;
        try
        {
            outcome = await command(context);
        }
        catch (Exception e) when (e is ConcurrencyException or Marten.Exceptions.StreamLockedException || Store.Ledger.Conflict(e) is not null)
        {
            // A form sent twice, or someone else saving at the same moment: nothing was written twice.
            outcome = new CommandOutcome.Rejected(new(RejectionKind.Conflict, null, "concurrent_write",
                "This was saved a moment ago (perhaps the form was sent twice, or by someone else). Look at the page again."));
        }
        return outcome switch
        {
            null => PageResults.NotFound(http, what),
            CommandOutcome.Appended appended => PageResults.SeeOther(then(appended.Results)),
            CommandOutcome.Rejected rejected => await again(new(name, form.Values, rejected.Rejection), StatusFor(rejected.Rejection.Kind)),
            CommandOutcome.Stale => await again(new(name, form.Values, new(RejectionKind.Conflict, null, "stale_version",
                $"This {what} changed since you opened the page. Look at it again, then resubmit.")), StatusCodes.Status409Conflict),
            _ => throw new InvalidOperationException($"Unknown command outcome {outcome}."),
        };
    }

    /// <summary>A refusal the page finds before running the command (a date it cannot read).</summary>
    public static CommandOutcome Refuse(string field, string rule, string message) =>
        new CommandOutcome.Rejected(new(RejectionKind.BrokenRule, field, rule, message));

    public static int StatusFor(RejectionKind kind) => kind switch
    {
        RejectionKind.BrokenRule => StatusCodes.Status422UnprocessableEntity,
        RejectionKind.Conflict => StatusCodes.Status409Conflict,
        RejectionKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status404NotFound,
    };

    /// <summary>The API's spelling of an enum value, for option values.</summary>
    public static string Key<T>(T value) where T : struct, System.Enum => JsonSerializer.Serialize(value, StoreJson.Options).Trim('"');
}
