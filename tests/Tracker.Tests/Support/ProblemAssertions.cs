using System.Net;
using System.Text.Json;

namespace Tracker.Tests.Support;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 problem with this status, and the field and rule it names when given.</summary>
    public static async Task<JsonElement> ShouldBeProblem(this HttpResponseMessage response, HttpStatusCode status, string? field = null, string? rule = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        if (field is not null) problem.GetProperty("field").GetString().ShouldBe(field, body);
        if (rule is not null) problem.GetProperty("rule").GetString().ShouldBe(rule, body);
        return problem;
    }
}
