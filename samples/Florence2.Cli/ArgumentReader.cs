using System.Globalization;

namespace Florence2.Cli;

/// <summary>Walks the arguments one by one and reads option values with a clear message when one is missing or malformed.</summary>
internal sealed class ArgumentReader(IReadOnlyList<string> args, int start)
{
    private int _next = start;

    public bool TryNext(out string argument)
    {
        argument = _next < args.Count ? args[_next] : "";
        return _next++ < args.Count;
    }

    public string Value(string option)
    {
        if (_next >= args.Count)
        {
            throw new CliUsageException($"{option} needs a value.");
        }

        return args[_next++];
    }

    public int Positive(string option)
    {
        var value = Value(option);
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw new CliUsageException($"{option} needs a whole number of 1 or more, got '{value}'.");
        }

        return number;
    }

    public float Score(string option)
    {
        var value = Value(option);
        if (!float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || score is < 0 or > 1)
        {
            throw new CliUsageException($"{option} needs a number between 0 and 1, got '{value}'.");
        }

        return score;
    }

    public BoundingBox Region(string option)
    {
        var value = Value(option);
        var parts = value.Split(',');
        var numbers = new float[4];
        var valid = parts.Length == 4;
        for (var i = 0; valid && i < 4; i++)
        {
            valid = float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]);
        }

        if (valid)
        {
            return new BoundingBox(numbers[0], numbers[1], numbers[2], numbers[3]);
        }

        throw new CliUsageException($"{option} needs four numbers X1,Y1,X2,Y2 in pixels, got '{value}'.");
    }

    /// <summary>A value out of <paramref name="names"/> (lower-case), mapped to its item.</summary>
    public T OneOf<T>(string option, IReadOnlyDictionary<string, T> names)
    {
        var value = Value(option);
        return names.TryGetValue(value.ToLowerInvariant(), out var item)
            ? item
            : throw new CliUsageException($"{option} is one of {string.Join(", ", names.Keys)}; got '{value}'.");
    }
}
