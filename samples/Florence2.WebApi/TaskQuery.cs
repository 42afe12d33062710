using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Florence2.WebApi;

/// <summary>
/// The query string of a task request: <c>task</c>, <c>text</c>, <c>region=x1,y1,x2,y2</c> (pixels),
/// <c>detail=brief|detailed|paragraph</c>, <c>answer</c> (how to parse a custom prompt's answer, an
/// <see cref="AnswerKind"/> name), <c>minScore</c>, <c>numBeams</c>, <c>maxNewTokens</c>. A malformed value is a 400
/// that names the parameter.
/// </summary>
internal sealed record TaskQuery(
    string? Task, string? Text, BoundingBox? Region, CaptionDetail Detail, AnswerKind? Answer, float MinScore, int? NumBeams, int? MaxNewTokens)
{
    public static TaskQuery Parse(IQueryCollection query) => new(
        Task: Single(query, "task"),
        Text: Single(query, "text"),
        Region: ParseRegion(Single(query, "region")),
        Detail: ParseEnum<CaptionDetail>(query, "detail") ?? CaptionDetail.Brief,
        Answer: ParseEnum<AnswerKind>(query, "answer"),
        MinScore: ParseNumber(query, "minScore", float.Parse) ?? 0f,
        NumBeams: ParseNumber(query, "numBeams", int.Parse),
        MaxNewTokens: ParseNumber(query, "maxNewTokens", int.Parse));

    public string RequiredTask() => string.IsNullOrEmpty(Task)
        ? throw new BadHttpRequestException("The query parameter 'task' is missing: pass a task token such as task=<OD> (URL-encoded %3COD%3E) or a custom prompt.")
        : Task;

    public TaskOptions ToTaskOptions() => new()
    {
        MinimumScore = MinScore,
        Generation = NumBeams is null && MaxNewTokens is null ? null : new GenerationOptions { NumBeams = NumBeams, MaxNewTokens = MaxNewTokens },
    };

    private static string? Single(IQueryCollection query, string name)
    {
        StringValues values = query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new BadHttpRequestException($"The query parameter '{name}' is given {values.Count} times; give it once."),
        };
    }

    private static BoundingBox? ParseRegion(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split(',');
        var numbers = new float[4];
        if (parts.Length != 4 || !parts.Select((p, i) => float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i])).All(ok => ok))
        {
            throw new BadHttpRequestException($"The query parameter 'region' is '{text}'; write four pixel coordinates x1,y1,x2,y2 such as region=40,150,600,380.");
        }

        return new BoundingBox(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    private static TEnum? ParseEnum<TEnum>(IQueryCollection query, string name)
        where TEnum : struct, Enum
    {
        string? text = Single(query, name);
        if (text is null)
        {
            return null;
        }

        return text.Length > 0 && char.IsLetter(text[0]) && Enum.TryParse(text, ignoreCase: true, out TEnum value) && Enum.IsDefined(value)
            ? value
            : throw new BadHttpRequestException($"The query parameter '{name}' is '{text}'; use one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
    }

    private static T? ParseNumber<T>(IQueryCollection query, string name, Func<string, IFormatProvider, T> parse)
        where T : struct
    {
        string? text = Single(query, name);
        try
        {
            return text is null ? null : parse(text, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new BadHttpRequestException($"The query parameter '{name}' is '{text}', which is not a number.");
        }
        catch (OverflowException)
        {
            throw new BadHttpRequestException($"The query parameter '{name}' is '{text}', which is out of range.");
        }
    }
}
