using Tracker.Commands;

namespace Tracker.Web;

/// <summary>
/// A form the server refused: which form, what was typed (so nothing is lost), and the rule it broke.
/// Pages put the message beside the field the rule names, or at the top of the form when it names none of its fields.
/// </summary>
public sealed record FormState(string Form, IFormCollection Values, Rejection Rejection)
{
    public string? Value(string form, string field) => Form == form && Values.TryGetValue(field, out var v) ? v.ToString() : null;

    /// <summary>Evidence comes as repeated fields; the index-th of them, as typed.</summary>
    public string? Value(string form, string field, int index) =>
        Form == form && Values.TryGetValue(field, out var v) && index < v.Count ? v[index] : null;
}

public static class FormStateExtensions
{
    /// <summary>Rules name evidence fields "evidence[1].url"; the pages show them beside the evidence list.</summary>
    public static string? ErrorFor(this FormState? state, string form, string field) =>
        state?.Form != form || state.Rejection.Field is not { } named ? null
        : string.Equals(named, field, StringComparison.OrdinalIgnoreCase) || (field == "evidence" && named.StartsWith("evidence[", StringComparison.Ordinal))
            ? state.Rejection.Message
            : null;

    public static string? ValueOr(this FormState? state, string form, string field, string? fallback = null) =>
        state?.Value(form, field) ?? fallback;

    public static bool Failed(this FormState? state, string form) => state?.Form == form;

    /// <summary>The refusal to show at the top of the form: one that names no field the form shows.</summary>
    public static string? FormError(this FormState? state, string form, params string[] fields) =>
        state?.Form == form && (state.Rejection.Field is null || !fields.Any(f => state.Rejection.Field.StartsWith(f, StringComparison.OrdinalIgnoreCase)))
            ? state.Rejection.Message : null;

    /// <summary>aria-invalid for an input: "true" when the refusal names it, absent otherwise.</summary>
    public static string? Invalid(this FormState? state, string form, string field) =>
        state.ErrorFor(form, field) is null ? null : "true";

    /// <summary>aria-describedby for an input: the id of its error message, when there is one.</summary>
    public static string? DescribedBy(this FormState? state, string form, string field) =>
        state.ErrorFor(form, field) is null ? null : Pages.FieldError.Id(form, field);
}
