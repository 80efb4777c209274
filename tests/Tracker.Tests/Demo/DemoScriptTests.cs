using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Tracker.Demo;

namespace Tracker.Tests.Demo;

/// <summary>The shipped data file, without a database: its references resolve, its quotes are the articles' words, its ids are stable.</summary>
public sealed partial class DemoScriptTests
{
    private static readonly DemoScript Script = DemoScript.Shipped();

    [Fact]
    public void Every_key_the_file_uses_names_an_item_in_it()
    {
        var accounts = Script.Accounts.Select(a => a.Key).ToHashSet();
        var sources = Script.Sources.Select(s => s.Key).ToHashSet();
        var claims = Script.Claims.Select(c => c.Key).ToHashSet();
        claims.Count.ShouldBe(Script.Claims.Count, "claim keys are unique");
        sources.Count.ShouldBe(Script.Sources.Count, "source keys are unique");
        accounts.ShouldContain(Script.Reporter);

        foreach (var claim in Script.Claims)
        {
            var attributions = claim.Attributions.Select(a => a.Key).ToList();
            attributions.ShouldBeUnique(claim.Key);
            claim.Attributions.ShouldAllBe(a => sources.Contains(a.Source) && (a.Via == null || attributions.Contains(a.Via)));
            foreach (var v in claim.Verdicts ?? [])
                new[] { v.ProposedBy, v.ApprovedBy, v.RejectedBy, v.VoidedBy }.OfType<string>().ShouldAllBe(k => accounts.Contains(k));
        }
        Script.Links.ShouldAllBe(l => claims.Contains(l.Claim) && claims.Contains(l.Other) && accounts.Contains(l.By));
    }

    /// <summary>
    /// Each quote must be found in the seed article its "from" names (typographic quotes and line breaks aside).
    /// The seeds live beside the repository in shared/; where they are not checked out there is nothing to compare.
    /// </summary>
    [Fact]
    public void Every_quote_is_found_in_the_seed_article_it_cites()
    {
        if (SeedFolder() is not { } folder) return;
        var articles = Script.Sources.Where(s => s.Seed is not null)
            .ToDictionary(s => $"{s.Outlet}, {s.PublishedAt:yyyy-MM-dd}", s => Plain(File.ReadAllText(Path.Combine(folder, s.Seed!))));
        articles.Count.ShouldBe(5);

        var missing = Script.Claims.SelectMany(c => c.Attributions.Select(a => (c.Key, a)))
            .Where(q => !articles.TryGetValue(q.a.From, out var text) || !text.Contains(Plain(q.a.Quote), StringComparison.Ordinal))
            .Select(q => $"{q.Key}/{q.a.Key}: {q.a.Quote}").ToList();
        missing.ShouldBeEmpty();
    }

    [Fact]
    public void Ids_are_version_5_name_based_and_differ_between_newsrooms()
    {
        // RFC 9562 appendix A.4's example: the DNS namespace and "www.example.com".
        DemoIds.NameBased(new("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com")
            .ShouldBe(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
        new DemoIds("desk").Claim("oil-84").ShouldBe(new DemoIds("desk").Claim("oil-84"));
        new DemoIds("desk").Claim("oil-84").ShouldNotBe(new DemoIds("other-desk").Claim("oil-84"));
    }

    [Fact]
    public void A_bare_demo_flag_turns_the_demo_on_without_swallowing_the_next_argument()
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(DemoFlag.Arguments(["--demo", "--urls", "http://127.0.0.1:5001"])).Build();
        (configuration["demo"], configuration["urls"]).ShouldBe(("true", "http://127.0.0.1:5001"));
    }

    private static string? SeedFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var seeds = Path.Combine(dir.FullName, "shared", "seeds");
            if (Directory.Exists(seeds)) return seeds;
        }
        return null;
    }

    private static string Plain(string text) =>
        Whitespace().Replace(text.Replace('\u2018', '\'').Replace('\u2019', '\'').Replace('\u201c', '"').Replace('\u201d', '"'), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
