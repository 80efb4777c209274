namespace Tracker.Tests;

/// <summary>Builds an event payload of any catalogue type with seeded random values, hostile text included.</summary>
public static class ArbitraryPayload
{
    private static readonly string[] Pieces =
    [
        "Alberta", "Rath", " ", "Québec", "€", "😀", "\u2028", "\u007f", "\"", "\\", "\n", "\t", "\u0001",
        "<b>", "&", "'", "+", "中文", "'; drop table events; --", "\u00a0",
    ];

    public static object Of(Type type, Random random)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null) return random.Next(3) == 0 ? null! : Of(underlying, random);
        if (type == typeof(string)) return string.Concat(Enumerable.Range(0, random.Next(0, 6)).Select(_ => Pieces[random.Next(Pieces.Length)]));
        if (type == typeof(Guid)) return Guid.CreateVersion7();
        if (type == typeof(int)) return random.Next(int.MinValue, int.MaxValue);
        if (type == typeof(long)) return random.NextInt64();
        if (type == typeof(bool)) return random.Next(2) == 0;
        if (type == typeof(DateTimeOffset))
            return new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(random.Next(-12, 13))).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 365));
        if (type.IsEnum) return Enum.GetValues(type).GetValue(random.Next(Enum.GetValues(type).Length))!;
        if (type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(IEnumerable<>).MakeGenericType(element).IsAssignableFrom(type))
        {
            var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            for (var i = random.Next(4); i > 0; i--) list.Add(Of(element, random));
            return list;
        }
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke(constructor.GetParameters().Select(p => Of(p.ParameterType, random)).ToArray());
    }
}
