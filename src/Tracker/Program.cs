using Tracker.Cli;
using Tracker.Hosting;

// A verb (demo, accounts, tokens, ...) runs a command-line job; anything else serves the web app.
if (TrackerCli.IsVerbInvocation(args)) return await TrackerCli.Run(args);
// `codegen write|test|preview`: Wolverine's generated handler code, checked in under Internal/Generated (docs/architecture.md).
if (args is ["codegen", ..]) return await TrackerApp.Codegen(args);

WebApplication app;
try
{
    app = await TrackerApp.Build(Tracker.Demo.DemoFlag.Arguments(args));
}
catch (Exception e) when (StartupProblem.IsOne(e))
{
    // A second app on the folder, no PostgreSQL install, a folder it cannot write: one line, and the other app keeps its database.
    return StartupProblem.Report(e);
}
try
{
    await app.StartAsync();
}
catch (Exception e) when (StartupProblem.IsOne(e))
{
    // A port taken: stop what did start (the projection daemon, the embedded cluster) after saying so in one line.
    StartupProblem.Report(e);
    await app.StopAsync();
    await app.DisposeAsync();
    return 1;
}
await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
