namespace Tracker.Claims;

/// <summary>The metadata actor is "Name &lt;account id&gt;"; the read model shows the name. Rules use account ids in payloads, never this.</summary>
internal static class ActorLabel
{
    /// <summary>The account id in the label, when it has one ("system" has none).</summary>
    public static Guid? IdOf(string? label)
    {
        if (string.IsNullOrEmpty(label) || !label.EndsWith('>')) return null;
        var idStart = label.LastIndexOf(" <", StringComparison.Ordinal);
        return idStart > 0 && Guid.TryParse(label[(idStart + 2)..^1], out var id) ? id : null;
    }

    public static string NameOf(string? label)
    {
        if (string.IsNullOrEmpty(label)) return "";
        var idStart = label.LastIndexOf(" <", StringComparison.Ordinal);
        return idStart > 0 && label.EndsWith('>') ? label[..idStart] : label;
    }
}
