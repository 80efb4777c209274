using System.Diagnostics;
using Tracker.Testing;

namespace Tracker.Tests.Exports;

/// <summary>A fact that needs python3 on PATH; skipped, saying so, where there is none.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, "python3"))))
            Skip = "python3 is not on PATH.";
    }
}

/// <summary>docs/audit.md promises outsiders a standalone check in Python's standard library: run exactly that script.</summary>
[Collection(ExportCollection.Name)]
public sealed class AuditRecipeTests(ExportDesk desk)
{
    private static readonly string Root = RepositoryRoot();
    private static readonly string Script = Path.Combine(Root, "docs", "audit-verify.py");

    [Fact]
    public void The_audit_doc_prints_the_script_it_tells_readers_to_run()
    {
        var doc = File.ReadAllText(Path.Combine(Root, "docs", "audit.md")).ReplaceLineEndings("\n");
        doc.ShouldContain(File.ReadAllText(Script).ReplaceLineEndings("\n").Trim());
    }

    [PythonFact]
    public async Task The_python_recipe_says_ok_for_an_export_and_fails_a_tampered_one()
    {
        var export = await desk.Auditor.GetStringAsync("/api/export/events.ndjson");
        using var folder = TempDirectory.Create();
        var file = Path.Combine(folder.Path, "events.ndjson");
        await File.WriteAllTextAsync(file, export);
        var (code, output) = await Python(file);
        (code, output.Split(' ')[0]).ShouldBe((0, "ok"), output);

        await File.WriteAllTextAsync(file, export.Replace("three times since April", "four times since April"));
        (code, output) = await Python(file);
        code.ShouldBe(1, output);
        output.ShouldContain($"stream {desk.MeetingsClaim}");
    }

    [PythonFact]
    public async Task The_python_recipe_refuses_a_line_that_holds_a_key_twice()
    {
        var export = await desk.Auditor.GetStringAsync("/api/export/events.ndjson");
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var target = Array.FindIndex(lines, l => l.Contains("three times since April"));
        // A forged first "data" that a first-value reader would show; json keeps the last, which still hashes right.
        lines[target] = "{\"data\":{\"text\":\"four times since April\"}," + lines[target][1..];
        using var folder = TempDirectory.Create();
        var file = Path.Combine(folder.Path, "events.ndjson");
        await File.WriteAllTextAsync(file, string.Join('\n', lines) + "\n");

        var (code, output) = await Python(file);

        code.ShouldBe(1, output);
        output.ShouldContain($"line {target + 1}: duplicate key 'data'");
    }

    [PythonFact]
    public async Task The_python_recipe_names_a_cut_off_line_and_a_missing_field_and_refuses_an_empty_file()
    {
        var export = await desk.Auditor.GetStringAsync("/api/export/events.ndjson");
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var folder = TempDirectory.Create();
        var file = Path.Combine(folder.Path, "events.ndjson");

        // A download cut off in its last line.
        await File.WriteAllTextAsync(file, string.Join('\n', lines[..^1]) + "\n" + lines[^1][..(lines[^1].Length / 2)]);
        var (code, output) = await Python(file);
        code.ShouldBe(1, output);
        output.ShouldContain($"line {lines.Length}: not valid JSON");
        output.ShouldNotContain("Traceback");

        var line = System.Text.Json.Nodes.JsonNode.Parse(lines[1])!.AsObject();
        line.Remove("metadata");
        await File.WriteAllTextAsync(file, string.Join('\n', [lines[0], line.ToJsonString(), .. lines[2..]]) + "\n");
        (code, output) = await Python(file);
        code.ShouldBe(1, output);
        output.ShouldContain("line 2: metadata missing");
        output.ShouldNotContain("Traceback");

        await File.WriteAllTextAsync(file, "");
        (code, output) = await Python(file);
        (code, output.Split('\n')[0]).ShouldBe((1, "the file holds no events: a full export starts with its newsroom's newsroom_opened event"), output);
    }

    private static async Task<(int Code, string Output)> Python(string file)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(file);
        using var python = Process.Start(start)!;
        var output = await python.StandardOutput.ReadToEndAsync();
        var errors = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        return (python.ExitCode, output + errors);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tracker.sln"))) dir = dir.Parent;
        return dir.ShouldNotBeNull("Tracker.sln not found above the test binaries").FullName;
    }
}
