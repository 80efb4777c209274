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
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
