using Tracker.Commands;

namespace Tracker.Http;

/// <summary>RFC 9457 problem responses that name the field and the rule, so a client can put the message beside the input.</summary>
public static class Problems
{
    public static IResult For(Rejection rejection) => Problem(
        rejection.Kind switch
        {
            RejectionKind.BrokenRule => StatusCodes.Status422UnprocessableEntity,
            RejectionKind.Conflict => StatusCodes.Status409Conflict,
            RejectionKind.Forbidden => StatusCodes.Status403Forbidden,
            RejectionKind.Gone => StatusCodes.Status410Gone,
            _ => StatusCodes.Status404NotFound,
        },
        rejection.Rule, rejection.Message, rejection.Field);

    public static IResult NotFound(string what = "resource") =>
        Problem(StatusCodes.Status404NotFound, "not_found", $"No such {what} in your newsroom.");

    public static IResult Stale(int expected, int actual) =>
        Problem(StatusCodes.Status412PreconditionFailed, "stale_version",
            $"If-Match named version {expected} but it is now at {actual}: reload and try again.", "If-Match");

    public static IResult Invalid(string field, string rule, string message) =>
        Problem(StatusCodes.Status422UnprocessableEntity, rule, message, field);

    public static IResult Problem(int status, string rule, string detail, string? field = null) =>
        Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Type = TypeFor(rule),
            Title = TitleFor(status),
            Detail = detail,
            Extensions = Extensions(field, rule),
        });

    public static string TypeFor(string rule) => $"urn:tracker:problem:{rule}";

    public static Dictionary<string, object?> Extensions(string? field, string rule)
    {
        var extensions = new Dictionary<string, object?> { ["rule"] = rule };
        if (field is not null) extensions["field"] = field;
        return extensions;
    }

    public static string TitleFor(int status) => status switch
    {
        400 => "The request is malformed",
        401 => "Sign in first",
        403 => "Your role does not allow this",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflicts with the current state",
        412 => "The resource changed since you read it",
        413 => "The request body is too large",
        415 => "Send JSON",
        422 => "A rule was broken",
        503 => "The database is unavailable",
        _ => "Request failed",
    };
}
