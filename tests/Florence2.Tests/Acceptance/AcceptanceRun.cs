using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Florence2.Tests.Acceptance;

/// <summary>
/// What one acceptance check saw on one model: every answer (for the record) and every finding (a check that did not
/// hold). <see cref="Write"/> saves both as <c>{model}.{check}.json</c> and <c>.md</c> under the output folder.
/// </summary>
public sealed class AcceptanceRun(string modelFolder, string check)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,   // keep <loc_12> readable; the file is for people
    };

    public string ModelFolder { get; } = modelFolder;

    public string Check { get; } = check;

    public List<AnswerRecord> Answers { get; } = [];

    public List<string> Findings { get; } = [];

    /// <summary>The model's name in file names: its folder's name.</summary>
    public string ModelName => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(ModelFolder)));

    public void Fail(string finding) => Findings.Add(finding);

    /// <summary>Writes the record and returns the paths of the JSON and the Markdown file.</summary>
    public (string Json, string Markdown) Write(string outputFolder)
    {
        Directory.CreateDirectory(outputFolder);
        var stem = Path.Combine(outputFolder, $"{ModelName}.{Check}");
        var json = stem + ".json";
        var markdown = stem + ".md";
        File.WriteAllText(json, JsonSerializer.Serialize(new { model = Path.GetFullPath(ModelFolder), check = Check, findings = Findings, answers = Answers }, Json));

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {Check} on {ModelName}\n\nModel folder: `{Path.GetFullPath(ModelFolder)}`\n\n");
        text.Append(Findings.Count == 0 ? "All checks held.\n" : $"**{Findings.Count} finding(s):**\n\n" + string.Concat(Findings.Select(f => $"- {f}\n")));
        text.Append("\n| image | task | setting | answer | parsed |\n|---|---|---|---|---|\n");
        foreach (var a in Answers)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Cell(a.Image)} | {Cell(a.Task)} | {Cell(a.Setting)} | {Cell(a.RawText)} | {Cell(a.Parsed)} |\n");
        }

        File.WriteAllText(markdown, text.ToString());
        return (json, markdown);
    }

    private static string Cell(string text) => "`" + text.Replace("`", "'", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal) + "`";
}
