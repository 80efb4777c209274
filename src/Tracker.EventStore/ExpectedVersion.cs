namespace Tracker.EventStore;

/// <summary>What the writer believes the stream's version to be; checked before any event row is written.</summary>
public readonly record struct ExpectedVersion
{
    private const int AnyValue = -1;

    private ExpectedVersion(int value) => Value = value;

    /// <summary>-1 for <see cref="Any"/>, 0 for <see cref="NoStream"/>, otherwise the exact version.</summary>
    public int Value { get; }

    public static ExpectedVersion Any => new(AnyValue);
    public static ExpectedVersion NoStream => new(0);
    public static ExpectedVersion Exactly(int version) =>
        version >= 0 ? new(version) : throw new ArgumentOutOfRangeException(nameof(version));

    public bool IsAny => Value == AnyValue;

    public bool Accepts(int actual) => IsAny || Value == actual;

    public override string ToString() => IsAny ? "any" : Value == 0 ? "no stream" : Value.ToString();
}
