using System.CommandLine.Parsing;
using System.Globalization;

namespace Florence2.Cli;

/// <summary>
/// Parsers of option values for System.CommandLine: each reads the option's tokens in the invariant culture and, when
/// a value is malformed or out of range, adds a usage error naming the option, the accepted form and what was given.
/// </summary>
internal static class OptionValues
{
    public static int? WholeNumber(ArgumentResult result, int min, int max)
    {
        var value = Last(result);
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        var range = max == int.MaxValue ? $"of {min} or more" : $"from {min} to {max}";
        result.AddError($"{Name(result)} needs a whole number {range}, got '{value}'.");
        return null;
    }

    public static float Score(ArgumentResult result)
    {
        var value = Last(result);
        if (float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && score is >= 0 and <= 1)
        {
            return score;
        }

        result.AddError($"{Name(result)} needs a number from 0 to 1, got '{value}'.");
        return 0;
    }

    /// <summary>Four finite numbers X1,Y1,X2,Y2 in pixels with X1 &lt; X2 and Y1 &lt; Y2.</summary>
    public static BoundingBox? Region(ArgumentResult result)
    {
        var value = Last(result);
        var parts = value.Split(',');
        var numbers = new float[4];
        var valid = parts.Length == 4;
        for (var i = 0; valid && i < 4; i++)
        {
            valid = float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) && float.IsFinite(numbers[i]);
        }

        if (!valid)
        {
            result.AddError($"{Name(result)} needs four numbers X1,Y1,X2,Y2 in pixels, got '{value}'.");
            return null;
        }

        if (numbers[0] >= numbers[2] || numbers[1] >= numbers[3])
        {
            result.AddError($"{Name(result)} needs X1 < X2 and Y1 < Y2 (the top-left corner, then the bottom-right), got '{value}'.");
            return null;
        }

        return new BoundingBox(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    /// <summary>A value out of <paramref name="names"/> (lower-case), mapped to its item.</summary>
    public static T OneOf<T>(ArgumentResult result, IReadOnlyDictionary<string, T> names)
    {
        var value = Last(result);
        if (names.TryGetValue(value.ToLowerInvariant(), out var item))
        {
            return item;
        }

        result.AddError($"{Name(result)} is one of {string.Join(", ", names.Keys)}; got '{value}'.");
        return default!;
    }

    /// <summary>Free text that is not blank.</summary>
    public static string? Text(ArgumentResult result)
    {
        var value = Last(result);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        result.AddError($"{Name(result)} needs some text.");
        return null;
    }

    /// <summary>cpu, cuda[:N], directml[:N]; from every occurrence of the option, comma-separated, in order.</summary>
    public static ExecutionProviderChoice[] Providers(ArgumentResult result)
    {
        try
        {
            return [.. result.Tokens.SelectMany(t => ProviderList.Parse(t.Value))];
        }
        catch (CliUsageException e)
        {
            result.AddError(e.Message);
            return [];
        }
    }

    private static string Last(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    private static string Name(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
