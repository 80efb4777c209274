using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracker.Http;
using Tracker.Web.Pages;

namespace Tracker.Web;

/// <summary>How pages answer: a rendered component, a redirect after a successful post, or a plain message.</summary>
public static class PageResults
{
    public static IResult Render<TPage>(object parameters, int status = StatusCodes.Status200OK) where TPage : IComponent =>
        new RazorComponentResult<TPage>(parameters) { StatusCode = status };

    /// <summary>Post, redirect, get: a reload never posts the form twice.</summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    /// <summary>An HTML page for people, the API's problem for programs.</summary>
    public static IResult Message(HttpContext http, int status, string heading, string text) =>
        WebAccess.IsBrowser(http.Request)
            ? Render<MessagePage>(new { Heading = heading, Text = text, Viewer = ViewerOf(http) }, status)
            : Problems.Problem(status, status == 404 ? "not_found" : "http_" + status, text);

    public static IResult NotFound(HttpContext http, string what) =>
        WebAccess.IsBrowser(http.Request)
            ? Render<MessagePage>(new { Heading = $"No such {what}", Text = $"Your newsroom has no such {what}.", Viewer = ViewerOf(http) }, 404)
            : Problems.NotFound(what);

    public static Viewer? ViewerOf(HttpContext http) => HttpActor.From(http.User) is { } actor ? new Viewer(actor) : null;

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
