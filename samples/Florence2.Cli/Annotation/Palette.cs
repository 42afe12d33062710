using SkiaSharp;

namespace Florence2.Cli.Annotation;

/// <summary>A colour per label, the same in every run: a stable hash of the label picks one of a dozen distinct colours.</summary>
internal static class Palette
{
    private static readonly SKColor[] Colors =
    [
        new(230, 25, 75), new(60, 180, 75), new(0, 130, 200), new(245, 130, 48), new(145, 30, 180), new(70, 240, 240),
        new(240, 50, 230), new(210, 245, 60), new(255, 225, 25), new(0, 128, 128), new(170, 110, 40), new(128, 0, 0),
    ];

    public static SKColor For(string label)
    {
        // FNV-1a: string.GetHashCode differs between processes, which would change colours from run to run.
        var hash = 2166136261u;
        foreach (var c in label)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return Colors[hash % (uint)Colors.Length];
    }

    /// <summary>Black or white, whichever reads better on <paramref name="background"/>.</summary>
    public static SKColor TextOn(SKColor background) =>
        (0.299 * background.Red) + (0.587 * background.Green) + (0.114 * background.Blue) > 150 ? SKColors.Black : SKColors.White;
}
