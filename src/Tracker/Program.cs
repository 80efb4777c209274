using Tracker.Cli;
using Tracker.Hosting;

// A verb (demo, accounts, tokens, ...) runs a command-line job; anything else serves the web app.
if (args.Length > 0 && TrackerCli.IsVerb(args[0])) return await TrackerCli.Run(args);

WebApplication app;
try
{
    app = await TrackerApp.Build(Tracker.Demo.DemoFlag.Arguments(args));
}
catch (DataFolderInUseException e)
{
    // Refuse in one line, without a stack trace: the other app keeps its database.
    Console.Error.WriteLine(e.Message);
    return 1;
}
try
{
    await app.StartAsync();
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // One line a person can act on, not a stack trace; stop what did start (the projection daemon, the embedded cluster).
    Console.Error.WriteLine($"tracker: {e.Message} Another program is using that port; choose another with --urls http://127.0.0.1:PORT.");
    await app.StopAsync();
    await app.DisposeAsync();
    return 1;
}
await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
