using System.Globalization;
using System.Text.RegularExpressions;

namespace Tracker.Search;

/// <summary>
/// Rewrites a claim into the words a restatement of it would share, so that "Nineteen per cent of Albertans support
/// leaving Canada" and "19% of Albertans back separation" read alike: numbers in words become digits, "per cent",
/// "percent" and "%" one word, and a short, deliberate list of phrases the desk treats as saying the same thing one
/// word each. Stemming is left to PostgreSQL. Only the similar-claims score reads this form; search reads the text.
/// </summary>
public static partial class Restatement
{
    /// <summary>
    /// Phrases that say the same about the story the desk covers. Kept short on purpose: every entry trades precision for
    /// recall ("back" is also a noun). "Sovereignty" is left out: Carney's "respect Canadian sovereignty" means the opposite.
    /// </summary>
    private static readonly (string[] Phrase, string Word)[] SameMeaning = Phrases(
        ("secession", ["leaving canada", "leave canada", "leaves canada", "left canada", "separation", "separate from canada",
            "separating from canada", "secede", "seceding", "independence", "break up canada", "breaking up canada",
            "split from canada", "splitting from canada"]),
        ("support", ["back", "backs", "backed", "backing", "favour", "favours", "favor", "favors", "endorse", "endorses"]));

    private static readonly Dictionary<string, int> Units = new()
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15,
        ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19,
    };

    private static readonly Dictionary<string, int> Tens = new()
    {
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    public static string Of(string text) => string.Join(' ', Canonical(Numbers(Words(text))));

    /// <summary>Lower-case words and numbers; "177,000" is one number, and "%" a word of its own.</summary>
    public static List<string> Words(string text) =>
        Token().Matches(text.ToLowerInvariant().Replace("%", " percent ")).Select(m => m.Value.Replace(",", "")).ToList();

    private static List<string> Numbers(List<string> words)
    {
        var result = new List<string>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == "per" && i + 1 < words.Count && words[i + 1] == "cent") { result.Add("percent"); i++; continue; }
            if (Tens.TryGetValue(words[i], out var tens))
            {
                // "twenty-five" arrives as two words.
                if (i + 1 < words.Count && Units.TryGetValue(words[i + 1], out var unit) && unit is > 0 and < 10) { tens += unit; i++; }
                result.Add(tens.ToString(CultureInfo.InvariantCulture));
                continue;
            }
            result.Add(Units.TryGetValue(words[i], out var n) ? n.ToString(CultureInfo.InvariantCulture) : words[i]);
        }
        return result;
    }

    private static IEnumerable<string> Canonical(List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            var match = SameMeaning.FirstOrDefault(s => Starts(words, i, s.Phrase));
            if (match.Phrase is null) { yield return words[i]; continue; }
            yield return match.Word;
            i += match.Phrase.Length - 1;
        }
    }

    private static bool Starts(List<string> words, int at, string[] phrase) =>
        at + phrase.Length <= words.Count && phrase.Select((w, k) => words[at + k] == w).All(same => same);

    /// <summary>Longest phrases first, so "leaving canada" wins over a one-word entry.</summary>
    private static (string[] Phrase, string Word)[] Phrases(params (string Word, string[] Phrases)[] groups) =>
        groups.SelectMany(g => g.Phrases.Select(p => (Phrase: p.Split(' '), g.Word))).OrderByDescending(p => p.Phrase.Length).ToArray();

    [GeneratedRegex(@"\p{L}+|\d[\d,.]*\d|\d")]
    private static partial Regex Token();
}
