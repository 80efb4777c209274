namespace Tracker;

/// <summary>How long newsroom texts may be, shared by every feature so one field has one limit.</summary>
public static class TextLimits
{
    public const int Title = 300;
    public const int Summary = 5000;
    public const int ClaimText = 2000;
    public const int Quote = 10000;

    /// <summary>Reasons, notes and evidence descriptions.</summary>
    public const int Note = 2000;
}
