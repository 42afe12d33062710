using System.Text;

namespace Florence2.Benchmarks.Overhead;

/// <summary>The answers the scripted benchmark models are forced to give.</summary>
internal static class ScriptedAnswers
{
    /// <summary>A typical brief caption.</summary>
    public const string Caption = "A green car parked in front of a yellow building.";

    /// <summary>A detection answer of about 200 tokens: 40 labelled boxes of one word and four location tokens.</summary>
    public static string LongDetection { get; } = BuildDetection(40);

    private static string BuildDetection(int boxes)
    {
        var text = new StringBuilder();
        for (var i = 0; i < boxes; i++)
        {
            var x = (i * 23) % 900;
            var y = (i * 37) % 900;
            text.Append(i % 2 == 0 ? "car" : "wheel")
                .Append($"<loc_{x}><loc_{y}><loc_{x + 50}><loc_{y + 60}>");
        }

        return text.ToString();
    }
}
