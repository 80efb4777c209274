using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Tracker.Accounts;
using Tracker.Tests.Support;

namespace Tracker.Tests.Conventions;

/// <summary>Each request is logged, and nothing secret is: no token, no password, not even in a failed sign-in.</summary>
public sealed class RequestLoggingTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task Requests_are_logged_without_tokens_or_passwords()
    {
        var lines = new ConcurrentQueue<string>();
        await using var logged = await app.WithWebHostBuilder(web => web.ConfigureLogging(l => l.AddProvider(new Capture(lines))));
        var admin = logged.Server.CreateClient();
        var token = (await File.ReadAllTextAsync(Path.Combine(app.DataFolder, Tracker.Hosting.FirstStart.TokenFile))).Trim();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", token);

        const string password = "correct horse battery staple";
        var created = await (await admin.PostAsJsonAsync("/api/accounts", new { name = "Logged Lou", roles = new[] { "reporter" } })).Content.ReadFromJsonAsync<CreatedAccount>(Json.Options);
        var issued = await SignUp.Redeem(logged.Server.CreateClient(), created!.SetupCode!, password);
        var lou = logged.Server.CreateClient();
        lou.DefaultRequestHeaders.Authorization = new("Bearer", issued.Token);
        await lou.GetAsync("/api/me?token=" + issued.Token);
        await logged.Server.CreateClient().PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Logged Lou", ["password"] = password }));

        var all = string.Join('\n', lines);
        all.ShouldContain("/api/accounts");
        all.ShouldContain("/api/me");
        all.ShouldNotContain(token);
        all.ShouldNotContain(issued.Token!);
        all.ShouldNotContain(created.SetupCode!);
        all.ShouldNotContain(password);
    }

    private sealed class Capture(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);
        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lines.Enqueue(formatter(state, exception));
                if (state is IEnumerable<KeyValuePair<string, object?>> fields)
                    foreach (var (key, value) in fields) lines.Enqueue($"{key}={value}");
                if (exception is not null) lines.Enqueue(exception.ToString());
            }
        }
    }
}
