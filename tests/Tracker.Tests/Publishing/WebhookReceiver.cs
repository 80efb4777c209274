using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tracker.Tests.Publishing;

/// <summary>One request the newsroom's publishing endpoint received, and what it answered.</summary>
public sealed record Received(string Body, string? Signature, string? DeliveryId, int Answered);

/// <summary>A newsroom's publishing endpoint on 127.0.0.1: answers what <see cref="Answer"/> says (503 while down), keeps every request.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication app = null!;

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The status the next request gets; a test flips it to bring the receiver back.</summary>
    public int Answer { get; set; } = 200;

    public string Url { get; private set; } = "";

    public IEnumerable<Received> Accepted => Requests.Where(r => r.Answered is >= 200 and < 300);

    public static async Task<WebhookReceiver> Start(int port = 0)
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        receiver.app = builder.Build();
        receiver.app.MapPost("/reviews", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var answer = receiver.Answer;
            receiver.Requests.Enqueue(new Received(await reader.ReadToEndAsync(), request.Headers["X-Tracker-Signature"].FirstOrDefault(),
                request.Headers["X-Tracker-Delivery"].FirstOrDefault(), answer));
            return Results.StatusCode(answer);
        });
        await receiver.app.StartAsync();
        receiver.Url = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/reviews";
        return receiver;
    }

    /// <summary>Polls until the condition holds (deliveries run on Wolverine's queue, in the background), or fails after the timeout.</summary>
    public async Task Until(Func<WebhookReceiver, bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {seconds} s for {what}; received {Requests.Count} request(s).");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
