using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tracker.Commands;
using Tracker.Tests.Conventions;

namespace Tracker.Tests.Resilience;

/// <summary>A mapped route as the generator sees it: whether it reads a JSON or form body, and who may call it (null: anyone).</summary>
public sealed record HostileRoute(string Method, string Pattern, bool JsonBody, bool FormBody, IReadOnlySet<Role>? Allowed)
{
    public string Key => $"{Method} {Pattern}";
}

/// <summary>
/// Who sends a request: nobody, a forged token, one role of the newsroom, or another newsroom. A caller that fetched
/// the sign-in page holds its anti-forgery cookie, and sends the form token with it so sign-in forms reach the handler.
/// </summary>
public sealed record Caller(string Name, HttpClient Client, IReadOnlySet<Role> Roles, bool OtherNewsroom = false, KeyValuePair<string, string>? FormToken = null);

public sealed record Probe(Caller Caller, HostileRoute Route, string Description, HttpRequestMessage Request);

/// <summary>
/// Seeded generator of malformed and hostile requests. Every request that could reach a write is broken in at least one
/// way the API must refuse before writing (unknown field, wrong type, bad JSON, bad encoding, wrong media type, unknown id,
/// a garbage If-Match or Idempotency-Key); well-formed writes go only to callers whose role the route refuses. Workbench
/// form posts need an antiforgery token bound to the signed-in caller, which no caller here holds: they are refused before
/// the form is read, so the forms exercise the framework's form reading and the antiforgery check, not the handlers.
/// </summary>
public sealed partial class HostileInput(int seed, IReadOnlyList<HostileRoute> routes, IReadOnlyList<Caller> callers, ForeignIds ids,
    Func<HostileRoute, JsonObject?> validBody)
{
    private const string Raw = "\uE000";

    private static readonly string[] Injections =
    [
        "'; drop table tracker.events; --", "\" or 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "..\\..\\windows\\win.ini",
        "\u0000", "a\u0000b", "\ud800", "\udfff", "x\ud83d", "\ufeff", "\u202e", "%00", "%s%s%s%n", "${jndi:ldap://127.0.0.1/a}",
        "{{7*7}}", "$(reboot)", "`id`", "\r\nSet-Cookie: a=b", "𝕿𝖗𝖆𝖈𝖐𝖊𝖗", "Z̴̡̧͔a̸l̴g̶o̵", "", " ", "null", "NaN", "-0", "1e309",
    ];

    private static readonly string[] BadIfMatch =
    [
        "garbage", "\"-1\"", "\"1.5\"", "W/\"x\"", "\"99999999999999999999\"", "\"1\", \"2\"", "'; drop table tracker.events; --",
        "<script>alert(1)</script>", "\"\u0000\"", "\"" + new string('9', 10_000) + "\"", "\"0x10\"", "\"١\"",
    ];

    private static readonly string[] BadIdempotencyKeys = [new string('k', 10_000), new string('k', 201), "key\u0001", "\u0000", "key\u007f"];

    private readonly Random random = new(seed);

    public Probe Next()
    {
        var route = routes[random.Next(routes.Count)];
        var caller = callers[random.Next(callers.Count)];
        var mayWrite = route.Method == "POST" && route.Pattern.StartsWith("/api/", StringComparison.Ordinal)
            && route.Allowed is { } allowed && (caller.OtherNewsroom || caller.Roles.Overlaps(allowed));
        var notes = new List<string>();
        var (path, realIds) = Path(route, notes);

        var method = route.Method;
        if (random.Next(20) == 0)
        {
            method = Pick(["PUT", "DELETE", "PATCH"]); // no route maps these: 405 or 404, never a write
            notes.Add(method);
        }
        var request = new HttpRequestMessage(new HttpMethod(method), path + Query(notes));
        var broken = !realIds || method != route.Method;

        if (route.JsonBody)
        {
            var wellFormed = !mayWrite && random.Next(2) == 0;
            request.Content = wellFormed ? WellFormed(route, notes) : BrokenJson(route, notes);
            broken |= !wellFormed;
        }
        else if (route.FormBody)
        {
            request.Content = Form(caller, notes);
        }
        else if (random.Next(3) == 0)
        {
            request.Content = BrokenJson(route, notes); // a body nobody asked for
        }

        // A write that could still go through gets a precondition or a retry key the API must refuse.
        var mustBreakHeaders = mayWrite && !broken;
        Headers(request, mustBreakHeaders, notes);
        return new Probe(caller, route, $"{caller.Name} {method} {Shorten(path)} [{string.Join(", ", notes)}]", request);
    }

    private (string Path, bool RealIds) Path(HostileRoute route, List<string> notes)
    {
        if (random.Next(25) == 0)
        {
            // Not %00: Kestrel refuses a NUL in the path before the app sees it, and the test server cannot even build the request.
            notes.Add("garbage path");
            var garbage = Pick(["%27%3B%20drop%20table%20tracker.events", "..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/etc/passwd",
                "%3Cscript%3E", "%ED%A0%80", "%FF%FE", new string('a', 5000), "00000000-0000-0000-0000-00000000000g"]);
            return (ParameterPattern().IsMatch(route.Pattern) ? ParameterPattern().Replace(route.Pattern, garbage) : $"{route.Pattern.TrimEnd('/')}/{garbage}", false);
        }
        var real = random.Next(5) < 3;
        var path = ParameterPattern().Replace(route.Pattern, m => m.Groups[2].Value != ":guid"
            ? Pick(["v1", "..", "%3Cscript%3E", "site.css", "workbench.js", "events.ndjson", "claims.csv", "claimreview.json",
                "%2e%2e%2fappsettings.json", "..%5C..%5Cweb.config", new string('f', 3000), Guid.NewGuid().ToString()])
            : (real ? RealId(route.Pattern, m.Groups[1].Value) : Guid.NewGuid()).ToString());
        if (!real) notes.Add("random ids");
        return (path, real || !ParameterPattern().IsMatch(route.Pattern));
    }

    private Guid RealId(string pattern, string parameter) => parameter switch
    {
        "attributionId" => ids.AttributionId,
        "verdictId" => ids.VerdictId,
        "otherClaimId" => ids.OtherClaimId,
        "tokenId" => ids.TokenId,
        _ when pattern.Contains("/stories", StringComparison.Ordinal) => ids.StoryId,
        _ when pattern.Contains("/sources", StringComparison.Ordinal) => ids.SourceId,
        _ when pattern.Contains("/accounts", StringComparison.Ordinal) => ids.AccountId,
        _ => Pick([ids.ClaimId, ids.OtherClaimId]),
    };

    private string Query(List<string> notes)
    {
        if (random.Next(3) != 0) return "";
        var names = new[] { "asOf", "version", "q", "returnUrl", "story", "source", "from", "to", "at", "afterSeq", "clock", "order", Pick(Injections) };
        var parts = Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"{Encode(Pick(names))}={HostileQueryValue()}");
        notes.Add("query");
        return "?" + string.Join('&', parts);
    }

    private string HostileQueryValue() => random.Next(6) switch
    {
        0 => "%ED%A0%80", // an encoded lone surrogate: invalid UTF-8
        1 => "%FF%FE%00",
        2 => Encode(new string('9', random.Next(10, 5000))),
        3 => Encode(Pick(["2026-01-30", "2026-13-45T99:99:99Z", "-1", "0", "1.5", "9999999999", "+1", "0x1"])),
        _ => Encode(Pick(Injections)),
    };

    /// <summary>The route's own valid body, for a caller the route refuses.</summary>
    private ByteArrayContent WellFormed(HostileRoute route, List<string> notes)
    {
        notes.Add("well-formed body");
        return Json(Write(validBody(route) ?? []), "application/json");
    }

    private ByteArrayContent BrokenJson(HostileRoute route, List<string> notes)
    {
        var body = (JsonObject?)(validBody(route)?.DeepClone()) ?? [];
        switch (random.Next(10))
        {
            case 0:
                notes.Add("unknown field");
                return Json(Write(WithUnknownField(body)), JsonType());
            case 1 when body.Count > 0:
                notes.Add("wrong type");
                var field = body.ElementAt(random.Next(body.Count)).Key;
                body[field] = WrongType(body[field]);
                return Json(Write(random.Next(2) == 0 ? body : WithUnknownField(body)), JsonType());
            case 2:
                notes.Add("malformed JSON");
                var text = Write(body);
                return Json(Pick([text[..random.Next(1, text.Length)], "{", "}", "[", "{'text':'single quotes'}", "{\"text\":NaN}",
                    "{\"text\":\"x\",}", "{\"text\":\"unterminated}", "{} {}", "/* comment */ {}", "nul", "tru", "\"\\x41\"", "{\"a\":01}"]), JsonType());
            case 3:
                notes.Add("invalid UTF-8");
                body[Pick(Injections) + "x"] = $"before{Raw}after";
                return Json(Write(WithUnknownField(body)), "application/json", Pick<byte[]>([[0xC3, 0x28], [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80]]));
            case 4:
                var depth = random.Next(33, 3000);
                notes.Add($"nested {depth} deep");
                var open = random.Next(2) == 0 ? "[" : "{\"a\":";
                var close = open == "[" ? "]" : "}";
                var key = body.Count > 0 && random.Next(2) == 0 ? body.ElementAt(random.Next(body.Count)).Key : "deep";
                return Json($"{{\"{key}\":{string.Concat(Enumerable.Repeat(open, depth))}1{string.Concat(Enumerable.Repeat(close, depth))}}}", JsonType());
            case 5:
                var size = random.Next(2) == 0 ? 300_000 : 200_000;
                notes.Add($"{size / 1000} kB");
                body[body.Count > 0 ? body.ElementAt(0).Key : "text"] = new string('x', size);
                return Json(Write(WithUnknownField(body)), "application/json");
            case 6:
                notes.Add("not an object");
                return Json(Pick(["", "null", "[]", "42", "\"text\"", "true", "[{}]", "\ufeff"]), JsonType());
            case 7:
                notes.Add("hostile values");
                foreach (var name in body.Select(p => p.Key).ToList())
                    if (body[name] is JsonValue) body[name] = Pick(Injections);
                return Json(Write(WithUnknownField(body)), JsonType());
            case 8:
                var type = Pick(["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "image/png"]);
                notes.Add($"content type '{type}'");
                return Json(Write(body), type); // a valid body in a media type the API does not read
            default:
                var charset = Pick(["application/json; charset=utf-16", "application/json; charset=bogus", "application/json; charset=\"'; drop\"", "application/merge-patch+json"]);
                notes.Add($"content type '{charset}'");
                return Json(Write(WithUnknownField(body)), charset);
        }
    }

    private FormUrlEncodedContent Form(Caller caller, List<string> notes)
    {
        notes.Add("form");
        var fields = new[] { "newsroom", "name", "password", "returnUrl", "title", "text", "reason", "__RequestVerificationToken", Pick(Injections) + "f" }
            .Where(_ => random.Next(4) != 0)
            .Select(f => KeyValuePair.Create(NoLoneSurrogates(f), NoLoneSurrogates(Pick(Injections)))).ToList();
        if (caller.FormToken is { } token && random.Next(4) != 0)
        {
            notes.Add("anti-forgery token");
            fields.RemoveAll(f => f.Key == token.Key);
            fields.Add(token);
        }
        return new FormUrlEncodedContent(fields);
    }

    private void Headers(HttpRequestMessage request, bool mustBreak, List<string> notes)
    {
        var headers = request.Headers;
        var breakIfMatch = mustBreak && random.Next(2) == 0;
        var breakKey = mustBreak && !breakIfMatch;
        if (breakIfMatch || random.Next(8) == 0)
        {
            notes.Add("bad If-Match");
            headers.TryAddWithoutValidation("If-Match", Pick(BadIfMatch));
        }
        if (breakKey || random.Next(8) == 0)
        {
            notes.Add("bad Idempotency-Key");
            headers.TryAddWithoutValidation("Idempotency-Key", Pick(BadIdempotencyKeys));
        }
        if (random.Next(10) == 0)
        {
            notes.Add("absurd headers");
            headers.TryAddWithoutValidation(Pick(["Accept", "Accept-Language", "If-None-Match", "X-Forwarded-For", "Cookie", "Range", "Accept-Charset"]),
                Pick(Injections).Replace("\r\n", " ") + new string('z', random.Next(0, 8000)));
        }
        if (random.Next(6) == 0)
        {
            notes.Add("as a browser");
            headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml");
        }
        if (random.Next(12) == 0)
        {
            notes.Add("bad Authorization");
            headers.TryAddWithoutValidation("Authorization", Pick(["Bearer " + new string('A', 10_000), "Bearer '; drop table", "Basic Og==", "Bearer", "bearer  trk_", "Bearer \u0000"]));
        }
    }

    private JsonObject WithUnknownField(JsonObject body)
    {
        var name = random.Next(3) == 0 ? Pick(Injections) + "_" : $"unknown{random.Next(1000)}";
        var fields = body.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())).ToList();
        // Anywhere in the object: the refusal must not depend on where the stranger stands.
        fields.Insert(random.Next(fields.Count + 1), KeyValuePair.Create(name, (JsonNode?)Pick(Injections)));
        return new JsonObject(fields);
    }

    private JsonNode? WrongType(JsonNode? value) => value switch
    {
        JsonArray => Pick<JsonNode?>(["not a list", 42, new JsonObject { ["a"] = 1 }]),
        JsonObject => Pick<JsonNode?>([new JsonArray(1, 2), "not an object", true]),
        _ => Pick<JsonNode?>([12345678901234567890m, -1, true, new JsonArray("a"), new JsonObject { ["nested"] = Pick(Injections) }, 1.5e300]),
    };

    private string JsonType() => Pick(["application/json", "application/json; charset=utf-8", "application/problem+json"]);

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>JSON text with every control and surrogate character escaped, so lone surrogates travel as \uD800 escapes.</summary>
    private static string Write(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(',', o.Select(p => Escape(p.Key) + ":" + Write(p.Value))) + "}",
        JsonArray a => "[" + string.Join(',', a.Select(Write)) + "]",
        JsonValue v when v.TryGetValue<string>(out var s) => Escape(s),
        _ => node.ToJsonString(),
    };

    private static string Escape(string s)
    {
        var text = new StringBuilder("\"");
        foreach (var c in s)
        {
            if (c is '"' or '\\') text.Append('\\').Append(c);
            else if (c < 0x20 || char.IsSurrogate(c)) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else text.Append(c);
        }
        return text.Append('"').ToString();
    }

    private static ByteArrayContent Json(string text, string contentType, byte[]? raw = null)
    {
        var bytes = raw is null
            ? Encoding.UTF8.GetBytes(text)
            : [.. text.Split(Raw).Select(Encoding.UTF8.GetBytes).Aggregate((a, b) => [.. a, .. raw, .. b])];
        var content = new ByteArrayContent(bytes);
        if (contentType.Length > 0) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static string Encode(string s) => string.Concat(Encoding.UTF8.GetBytes(NoLoneSurrogates(s))
        .Select(b => char.IsAsciiLetterOrDigit((char)b) ? ((char)b).ToString() : $"%{b:X2}"));

    // URL and form encoders refuse lone surrogates; raw invalid UTF-8 reaches those places through %ED%A0%80 instead.
    private static string NoLoneSurrogates(string s) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s));

    private static string Shorten(string s) => s.Length > 120 ? s[..120] + "…" : s;

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex ParameterPattern();
}
