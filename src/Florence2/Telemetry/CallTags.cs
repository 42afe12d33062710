using System.Diagnostics;

namespace Florence2.Telemetry;

/// <summary>The attributes every span and measurement of one call carries: the GenAI ones and the library's task tag.</summary>
/// <param name="Model">The model's name (<c>gen_ai.request.model</c>): the Hub id, else the folder's name.</param>
/// <param name="Task">The task as a tag: a catalog token, or <c>custom</c> for free prompts.</param>
internal readonly record struct CallTags(string Model, string Task)
{
    public TagList GenAi()
    {
        var tags = new TagList
        {
            { Florence2Telemetry.OperationNameAttribute, Florence2Telemetry.OperationName },
            { Florence2Telemetry.ProviderNameAttribute, Florence2Telemetry.ProviderName },
            { Florence2Telemetry.RequestModelAttribute, Model },
            { Florence2Telemetry.ResponseModelAttribute, Model },
            { Florence2Telemetry.TaskTag, Task },
        };
        return tags;
    }

    public TagList GenAi(string key, string value)
    {
        var tags = GenAi();
        tags.Add(key, value);
        return tags;
    }

    public KeyValuePair<string, object?> TaskTag() => new(Florence2Telemetry.TaskTag, Task);

    /// <summary>Starts a call's span, named as the GenAI conventions say: "generate_content {model}".</summary>
    public Activity? StartSpan(string operation = Florence2Telemetry.GenerateActivity)
    {
        var activity = Instruments.Source.StartActivity(operation, ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        activity.DisplayName = $"{operation} {Model}";
        foreach (var tag in GenAi())
        {
            activity.SetTag(tag.Key, tag.Value);
        }

        return activity;
    }
}
