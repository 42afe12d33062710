using System.Reflection;

namespace Florence2.Tests.Samples.Json;

/// <summary>
/// Every task token of <see cref="TaskTokens"/> with the input it takes, found by asking the library: a region if it takes
/// one (the region tasks also run without, on the whole image), else nothing if it runs bare, else text.
/// </summary>
internal static class TaskInputs
{
    public const string Text = "a car";

    /// <summary>A region inside the 640 × 480 test images, in pixels.</summary>
    public static readonly BoundingBox Region = new(40, 150, 600, 380);

    public const string RegionQuery = "40,150,600,380";

    public static IReadOnlyList<string> Tokens { get; } = [.. typeof(TaskTokens)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)];

    public static (string? Text, BoundingBox? Region) For(string token)
    {
        foreach (var (text, region) in new (string?, BoundingBox?)[] { (null, Region), (null, null), (Text, null) })
        {
            try
            {
                Florence2Task.FromToken(token, text, region);
                return (text, region);
            }
            catch (ArgumentException)
            {
                // Not this input; try the next.
            }
        }

        throw new InvalidOperationException($"No input makes {token} a task.");
    }
}
