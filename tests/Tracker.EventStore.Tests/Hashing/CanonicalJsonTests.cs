using System.Text.Json;
using Tracker.EventStore.Hashing;

namespace Tracker.EventStore.Tests.Hashing;

/// <summary>RFC 8785 cases: key order by UTF-16 code units, escaping, integers only.</summary>
public sealed class CanonicalJsonTests
{
    private static string Canon(string json) => CanonicalJson.Serialize(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Keys_sort_by_utf16_code_units_and_whitespace_goes() =>
        Canon("""{ "b": 1, "a": [ true, null, { "é": "x", "z": "y", "A": 0 } ], "\u20ac": 2, "\ud83d\ude00": 3 }""")
            .ShouldBe("""{"a":[true,null,{"A":0,"z":"y","é":"x"}],"b":1,"€":2,"😀":3}""");

    [Fact]
    public void Strings_escape_only_what_ecmascript_escapes() =>
        Canon("""{"s":"quote \" backslash \\ tab \t nl \n ctl \u0001 slash / unicode \u00e9 \u2028"}""")
            .ShouldBe("{\"s\":\"quote \\\" backslash \\\\ tab \\t nl \\n ctl \\u0001 slash / unicode é \u2028\"}");

    [Fact]
    public void Fractions_are_refused_because_payloads_carry_integers_only()
    {
        Canon("""{"n":-42,"m":9007199254740991}""").ShouldBe("""{"m":9007199254740991,"n":-42}""");
        Should.Throw<FormatException>(() => Canon("""{"n":1.5}"""));
    }
}
