using System.Globalization;
using System.Text;

namespace Florence2.TestModels;

/// <summary>
/// Long <c>&lt;OD&gt;</c>-shaped answers (<c>label&lt;loc_x1&gt;&lt;loc_y1&gt;&lt;loc_x2&gt;&lt;loc_y2&gt;</c> per object) to script
/// into a test model, e.g. for timing a detection with a couple of hundred answer tokens.
/// </summary>
public static class DetectionAnswers
{
    /// <summary>The most objects <see cref="Create"/> can write without repeating a 3-gram.</summary>
    public const int MaxObjects = 250;

    private static readonly string[] Labels = ["car", "person", "dog", "tree", "building"];

    /// <summary>
    /// An answer of <paramref name="objects"/> boxes (5 tokens each: a one-token label and four locations). Every
    /// 3-gram of its tokens occurs once, so <c>no_repeat_ngram_size</c> 3 never bans a scripted token: x1, y1, x2 and y2
    /// come from the disjoint bins [0, 250), [250, 500), [500, 750), [750, 1000) and differ between objects.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="objects"/> is not in [1, <see cref="MaxObjects"/>].</exception>
    public static string Create(int objects)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(objects, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(objects, MaxObjects);
        var text = new StringBuilder();
        for (var i = 0; i < objects; i++)
        {
            // 37 and 101 are coprime to 250, so i → bin is one-to-one for i < 250.
            var x1 = i * 37 % MaxObjects;
            var y1 = 250 + (i * 101 % MaxObjects);
            text.Append(Labels[i % Labels.Length]);
            foreach (var bin in (ReadOnlySpan<int>)[x1, y1, x1 + 500, y1 + 500])
            {
                text.Append(CultureInfo.InvariantCulture, $"<loc_{bin}>");
            }
        }
        return text.ToString();
    }
}
