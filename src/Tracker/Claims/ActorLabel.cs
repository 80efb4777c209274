namespace Tracker.Claims;

/// <summary>The metadata actor is "Name &lt;account id&gt;"; the read model shows the name. Rules use account ids in payloads, never this.</summary>
internal static class ActorLabel
{
    public static string NameOf(string? label)
    {
        if (string.IsNullOrEmpty(label)) return "";
        var idStart = label.LastIndexOf(" <", StringComparison.Ordinal);
        return idStart > 0 && label.EndsWith('>') ? label[..idStart] : label;
    }
}
