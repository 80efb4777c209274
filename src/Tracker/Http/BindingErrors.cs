using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;

namespace Tracker.Http;

/// <summary>
/// Turns the framework's parameter-binding failures (messages such as <c>Failed to bind parameter "Nullable&lt;int&gt; at"
/// from "abc".</c>) into the field a client sent and a rule, in words without .NET type names. The names in those messages
/// are the handler's parameters; the field is the name on the wire ([FromQuery(Name = ...)], [FromHeader(Name = ...)]).
/// </summary>
public static partial class BindingErrors
{
    public static (string Field, string Rule, string Detail)? Describe(HttpContext http, string message)
    {
        if (NotProvided().Match(message) is { Success: true } missing)
        {
            var source = missing.Groups["source"].Value;
            if (source == "body")
                return ("body", "required", "The request needs a JSON body, and null is not one.");
            var field = WireName(http, missing.Groups["name"].Value);
            return (field, "required", source == "header" ? $"The {field} header is required." : $"'{field}' is required.");
        }
        if (Implicit().Match(message) is { Success: true })
            return ("body", "required", "The request needs a JSON body.");
        if (NotBound().Match(message) is { Success: true } bad)
        {
            var field = WireName(http, bad.Groups["name"].Value);
            return (field, "invalid_format", $"'{field}' must be {Kind(bad.Groups["type"].Value)}.");
        }
        if (FormBody().Match(message) is { Success: true })
            return ("body", "malformed_form", "The form could not be read; reload the page and send it again.");
        return null;
    }

    private static string Kind(string type)
    {
        var bare = NullableOf().Match(type) is { Success: true } inner ? inner.Groups[1].Value : type.TrimEnd('?');
        return bare switch
        {
            "int" or "long" or "short" or "uint" or "ulong" or "ushort" or "byte" => "a whole number",
            "decimal" or "double" or "float" => "a number",
            "bool" => "true or false",
            "Guid" => "an id (a GUID)",
            "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601)",
            "DateOnly" => "a date (YYYY-MM-DD)",
            "TimeSpan" => "a duration",
            _ => "a value of the documented form",
        };
    }

    /// <summary>The name the client sends for the handler's parameter (or an [AsParameters] record's), when the endpoint says.</summary>
    private static string WireName(HttpContext http, string parameter)
    {
        var method = http.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>();
        if (method is null) return parameter;
        foreach (var p in method.GetParameters())
        {
            if (p.Name == parameter) return NameOf(p.GetCustomAttributes(), parameter);
            if (p.GetCustomAttribute<AsParametersAttribute>() is null) continue;
            foreach (var inner in p.ParameterType.GetConstructors().SelectMany(c => c.GetParameters()))
                if (inner.Name == parameter) return NameOf(inner.GetCustomAttributes(), parameter);
            foreach (var property in p.ParameterType.GetProperties())
                if (property.Name == parameter) return NameOf(property.GetCustomAttributes(), parameter);
        }
        return parameter;
    }

    private static string NameOf(IEnumerable<Attribute> attributes, string fallback) =>
        attributes.Select(a => a switch
        {
            IFromQueryMetadata q => q.Name,
            IFromHeaderMetadata h => h.Name,
            IFromRouteMetadata r => r.Name,
            IFromFormMetadata f => f.Name,
            _ => null,
        }).FirstOrDefault(n => !string.IsNullOrEmpty(n)) ?? fallback;

    [GeneratedRegex("^Required parameter \"(?<type>.+) (?<name>[^ \"]+)\" was not provided from (?<source>[^.]+)\\.")]
    private static partial Regex NotProvided();

    [GeneratedRegex("^Implicit body inferred for parameter")]
    private static partial Regex Implicit();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from \"")]
    private static partial Regex NotBound();

    [GeneratedRegex("parameter \".+\" from the request body as form")]
    private static partial Regex FormBody();

    [GeneratedRegex("^Nullable<(.+)>$")]
    private static partial Regex NullableOf();
}
