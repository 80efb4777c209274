using Microsoft.Extensions.DependencyInjection;
using Tracker.Tests.Support;

namespace Tracker.Tests.Hosting;

/// <summary>
/// The CLI as a shell script uses it: results alone on stdout, every log line and failure on stderr, no colour codes when
/// the output is not a terminal, a non-zero exit when it fails, and start-up problems said plainly, not as a stack trace.
/// </summary>
public sealed class CliStreamsTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("tracker-cli-").FullName;

    [Fact]
    public async Task Results_go_to_stdout_logs_and_failures_to_stderr_without_colour()
    {
        var list = await Run("accounts", "list");
        list.Exit.ShouldBe(0, list.Stderr);
        list.Stdout.ShouldContain("admin");
        list.Stdout.ShouldNotContain("warn:", customMessage: "log lines are not results");
        list.Stdout.ShouldNotContain("Warning", customMessage: "nor is Marten's note on the daemon");
        list.Stderr.ShouldContain("First start", customMessage: "the first start is logged, on stderr");
        // Piped, the list is tab-separated lines: every id whole on its row, whatever the width of a terminal.
        var rows = list.Stdout.TrimEnd('\n').Split('\n');
        rows[0].ShouldBe("Name\tRoles\tId\tCreated");
        rows.Length.ShouldBeGreaterThan(1);
        foreach (var row in rows.Skip(1)) Guid.TryParse(row.Split('\t')[2], out var _).ShouldBeTrue(row);
        list.Stderr.ShouldNotContain("Wolverine", customMessage: "Wolverine's start-up notes are no operator's business");

        var revoke = await Run("tokens", "revoke", Guid.NewGuid().ToString());
        revoke.Exit.ShouldBe(1);
        revoke.Stdout.ShouldBeEmpty();
        revoke.Stderr.ShouldContain("No token with id");
        revoke.Stderr.ShouldNotContain("\u001b[", customMessage: "no colour codes when stderr is not a terminal");
    }

    [Fact]
    public async Task Export_writes_out_relative_to_where_it_was_run_and_keeps_progress_off_stdout()
    {
        var here = Directory.CreateTempSubdirectory("tracker-cwd-").FullName;
        var nowhere = await Run(["export", "events", "--out", "exports/events.ndjson"], data, [], here);
        nowhere.Exit.ShouldBe(1);
        nowhere.Stderr.ShouldContain($"--out: the folder {Path.Combine(here, "exports")} does not exist.");
        nowhere.Stderr.ShouldNotContain("   at ", customMessage: "no stack trace");

        Directory.CreateDirectory(Path.Combine(here, "exports"));
        var export = await Run(["export", "events", "--out", "exports/events.ndjson"], data, [], here);

        export.Exit.ShouldBe(0, export.Stderr);
        File.Exists(Path.Combine(here, "exports", "events.ndjson")).ShouldBeTrue("relative to the directory it was run from");
        export.Stdout.ShouldContain(Path.Combine(here, "exports", "events.ndjson"));
        export.Stdout.ShouldNotContain("%", customMessage: "the progress bar is on stderr, not among the results");
        export.Stdout.ShouldNotContain("\u001b[", customMessage: "no colour codes when stdout is not a terminal");
        export.Stdout.ShouldStartWith("Wrote ", customMessage: "the result line, alone");
    }

    [Fact]
    public async Task Piped_a_result_line_is_never_wrapped()
    {
        // Spectre.Console wraps at 80 columns when it cannot see a terminal; these lines are longer than that.
        var name = "Erin Editor of the Metropolitan Evening Desk";
        var added = await Run("accounts", "add", name, "--role", "editor");
        added.Exit.ShouldBe(0, added.Stderr);
        var lines = added.Stdout.TrimEnd('\n').Split('\n');
        var created = lines.FirstOrDefault(l => l.StartsWith($"Created {name} (editor) in newsroom, id "));
        created.ShouldNotBeNull(added.Stdout);
        Guid.TryParse(created[(created.LastIndexOf(' ') + 1)..], out _).ShouldBeTrue(created);
        lines.ShouldContain(l => l.StartsWith("Setup code (shown once, good until ") && l.Contains("): setup_"), added.Stdout);
    }

    [Fact]
    public async Task Version_prints_the_version_and_serves_nothing()
    {
        var version = await Run("--version");
        version.Exit.ShouldBe(0, version.Stderr);
        version.Stdout.Trim().ShouldMatch(@"^\d+\.\d+\.\d+");
        version.Stderr.ShouldNotContain("First start", customMessage: "no app was started");
    }

    [Fact]
    public async Task An_export_says_how_to_verify_it_with_partial_only_when_streams_may_start_after_version_1()
    {
        var file = Path.Combine(data, "cut.ndjson");
        var whole = await Run("export", "events", "--out", file);
        whole.Exit.ShouldBe(0, whole.Stderr);
        whole.Stdout.ShouldContain($"Check it with: tracker verify --file {file}\n");

        var resumed = await Run("export", "events", "--out", file, "--after-seq", "1");
        resumed.Exit.ShouldBe(0, resumed.Stderr);
        resumed.Stdout.ShouldContain($"Check it with: tracker verify --file {file} --partial");

        (await Run("verify", "--help")).Stdout.ShouldContain("default: every newsroom");
    }

    [Fact]
    public async Task Help_lists_every_verb_with_an_example()
    {
        var help = await Run("--help");
        help.Exit.ShouldBe(0, help.Stderr);
        string[] verbs = ["accounts", "tokens", "newsrooms", .. Tracker.Cli.TrackerCli.Extra.Select(v => v.Name)];
        foreach (var verb in verbs) help.Stdout.ShouldContain($"tracker {verb} ", customMessage: $"an example of {verb}");
    }

    [Theory]
    [InlineData("serve", "folder")]
    [InlineData("verify", "folder")]
    [InlineData("serve", "binaries")]
    [InlineData("accounts", "binaries")]
    [InlineData("serve", "unreachable")]
    [InlineData("verify", "unreachable")]
    [InlineData("serve", "damaged")]
    [InlineData("accounts", "damaged")]
    public async Task A_start_up_problem_is_said_plainly_with_exit_code_1(string verb, string problem)
    {
        string[] args = verb switch { "serve" => ["--urls=http://127.0.0.1:0"], "accounts" => ["accounts", "list"], _ => [verb] };
        // A file where the data folder should go, PostgreSQL's programs not where they are said to be, a server that is
        // not there, or an embedded cluster whose folder is damaged (a cluster's marker file and nothing else).
        var folder = problem == "folder" ? Path.Combine(Path.GetTempFileName(), "tracker") : data;
        Dictionary<string, string> env = problem switch
        {
            "binaries" => new() { ["TRACKER_PG_BIN"] = "/nonexistent" },
            "unreachable" => new() { ["ConnectionStrings__Tracker"] = "Host=127.0.0.1;Port=1;Username=tracker;Database=tracker;Timeout=5" },
            _ => [],
        };
        if (problem == "damaged")
        {
            Directory.CreateDirectory(Path.Combine(folder, "postgres"));
            await File.WriteAllTextAsync(Path.Combine(folder, "postgres", "PG_VERSION"), "15\n");
        }

        var run = await Run(args, folder, env);

        run.Exit.ShouldBe(1, run.Stderr);
        run.Stderr.Split('\n').ShouldContain(line => line.StartsWith("tracker: "));
        run.Stderr.ShouldContain(problem switch
        {
            "folder" => $"The data folder {folder} cannot be used",
            "binaries" => "no PostgreSQL server install was found",
            "unreachable" => "A database cannot be reached or refused the connection: ",
            _ => $"The PostgreSQL cluster in {Path.Combine(folder, "postgres")} cannot be started: ",
        });
        run.Stderr.ShouldNotContain("Unhandled exception");
        run.Stderr.ShouldNotContain("   at ", customMessage: "no stack trace");
    }

    [Fact]
    public async Task The_demo_into_a_newsroom_with_one_of_its_names_taken_is_refused_plainly_and_writes_nothing()
    {
        (await Run("accounts", "add", "Frank Factchecker", "--role", "factchecker")).Exit.ShouldBe(0);
        var before = (await Run("accounts", "list")).Stdout;

        foreach (var args in new[] { ["demo"], new[] { "--urls=http://127.0.0.1:0", "--demo" } })
        {
            var run = await Run(args);
            run.Exit.ShouldBe(1, run.Stderr);
            run.Stderr.ShouldContain("already has other accounts named Frank Factchecker");
            run.Stderr.ShouldNotContain("   at ", customMessage: "no stack trace");
        }
        (await Run("accounts", "list")).Stdout.ShouldBe(before, "no demo account was made");
    }

    [Fact]
    public async Task A_verb_runs_Wolverine_as_a_mediator_only_so_it_never_takes_the_nodes_deliveries()
    {
        var parse = new System.CommandLine.RootCommand { Tracker.Cli.TrackerCli.Data }.Parse(["--data", data]);
        using var host = await Tracker.Cli.TrackerCli.Host(parse, CancellationToken.None);
        var wolverine = host.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>();
        wolverine.Options.Durability.Mode.ShouldBe(Wolverine.DurabilityMode.MediatorOnly);
        // ... and it still writes through the handlers: first start opened the newsroom and its admin with them.
        (await host.Services.GetRequiredService<Tracker.Accounts.AccountDirectory>().List("newsroom", CancellationToken.None))
            .ShouldContain(a => a.Name == "admin");
    }

    private Task<(int Exit, string Stdout, string Stderr)> Run(params string[] args) => Run(args, data, []);

    private static Task<(int Exit, string Stdout, string Stderr)> Run(string[] args, string folder, Dictionary<string, string> env,
        string? workingDirectory = null) => AppProcess.RunVerb(args, folder, env, workingDirectory);

    public void Dispose()
    {
        try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
