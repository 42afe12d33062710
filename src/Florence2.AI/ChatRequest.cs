using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Florence2.AI;

/// <summary>
/// One Florence-2 call read from a chat request: the image and the task from the last message (a user message), the
/// task options from <see cref="ChatOptions"/>. Everything Florence-2 cannot honour is refused here, before any work.
/// </summary>
internal sealed record ChatRequest(VisionInput Image, Florence2Task<TaskResult> Task, TaskOptions Options)
{
    /// <summary>Reads the request.</summary>
    /// <param name="messages">The conversation; only its last message is read, and it must be the user's.</param>
    /// <param name="options">The chat options; null for none.</param>
    /// <param name="modelId">The client's model id, which <see cref="ChatOptions.ModelId"/> may repeat but not change.</param>
    /// <param name="streaming">Whether the answer is streamed (greedy decoding only).</param>
    /// <exception cref="ArgumentException">The messages hold no usable request.</exception>
    /// <exception cref="NotSupportedException">An option or a content Florence-2 cannot honour.</exception>
    public static ChatRequest Read(IEnumerable<ChatMessage> messages, ChatOptions? options, string modelId, bool streaming)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var generation = Generation(options, modelId, streaming, out var minimumScore, out var answerKind);
        var last = messages.LastOrDefault() ?? throw new ArgumentException("There is no message: send a user message with an image and a task.", nameof(messages));
        if (last.Role != ChatRole.User)
        {
            throw new ArgumentException(
                $"The last message is from '{last.Role}'; Florence-2 answers the last message, which must be the user's, with an image and a task.", nameof(messages));
        }

        var (image, text) = Contents(last);
        var task = ChatTaskText.Read(text, answerKind);
        return new ChatRequest(image, task, new TaskOptions { Generation = generation, MinimumScore = minimumScore ?? 0f });
    }

    private static (ImageInput Image, string Text) Contents(ChatMessage message)
    {
        DataContent? image = null;
        var text = new List<string>();
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent t:
                    text.Add(t.Text);
                    break;
                case DataContent d when d.HasTopLevelMediaType("image"):
                    if (image is not null)
                    {
                        throw RequestError.InMessages(
                            "The message holds more than one image; Florence-2 answers one image per request: send one request per image (or use IFlorence2Model.RunBatchAsync).");
                    }

                    image = d;
                    break;
                case DataContent d:
                    throw RequestError.InMessages($"The message holds data of media type '{d.MediaType}'; Florence-2 reads images only (image/png, image/jpeg, ...).");
                case UriContent u:
                    throw new NotSupportedException(
                        $"The message links to '{u.MediaType}' content by URI ({u.Uri.Scheme}:); Florence2ChatClient does not fetch URIs. Send the bytes as a DataContent "
                        + "(for a local file: await DataContent.LoadFromAsync(path)).");
                default:
                    throw new NotSupportedException(
                        $"The message holds a {content.GetType().Name}; Florence2ChatClient reads one image (DataContent with an image media type) and text.");
            }
        }

        if (image is null)
        {
            throw RequestError.InMessages(
                "The last user message holds no image; Florence-2 needs one: add a DataContent with the image's bytes and its media type (image/png, image/jpeg, ...).");
        }

        return (ImageInput.FromBytes(image.Data), string.Join(" ", text));
    }

    /// <summary>The generation overrides from the options; every option Florence-2 cannot honour is refused by name.</summary>
    private static GenerationOptions Generation(ChatOptions? options, string modelId, bool streaming, out float? minimumScore, out AnswerKind? answerKind)
    {
        minimumScore = null;
        answerKind = null;
        if (options is null)
        {
            return new GenerationOptions();
        }

        // Florence-2 decodes deterministically (greedy or beam search): sampling settings would be silently ignored, so they are refused.
        if (options.Temperature is { } temperature && temperature != 0f)
        {
            Refuse(nameof(ChatOptions.Temperature), "Florence-2 decodes deterministically (greedy or beam search), not by sampling; leave it unset or 0");
        }

        RefuseIfSet(options.TopP, nameof(ChatOptions.TopP), "Florence-2 does not sample");
        RefuseIfSet(options.TopK, nameof(ChatOptions.TopK), "Florence-2 does not sample");
        RefuseIfSet(options.FrequencyPenalty, nameof(ChatOptions.FrequencyPenalty), "use no penalty; Florence-2 has a no-repeat n-gram rule from its generation config instead");
        RefuseIfSet(options.PresencePenalty, nameof(ChatOptions.PresencePenalty), "use no penalty; Florence-2 has a no-repeat n-gram rule from its generation config instead");
        RefuseIfSet(options.Reasoning, nameof(ChatOptions.Reasoning), "Florence-2 does not reason");
        RefuseIfSet(options.ConversationId, nameof(ChatOptions.ConversationId), "Florence-2 keeps no conversation; each request stands alone");
        RefuseIfSet(options.ContinuationToken, nameof(ChatOptions.ContinuationToken), "Florence-2 has no background responses");
        if (options.StopSequences is { Count: > 0 })
        {
            Refuse(nameof(ChatOptions.StopSequences), "Florence-2 stops at its end-of-sequence token or MaxOutputTokens");
        }

        if (options.Tools is { Count: > 0 } || options.ToolMode is RequiredChatToolMode)
        {
            Refuse(options.Tools is { Count: > 0 } ? nameof(ChatOptions.Tools) : nameof(ChatOptions.ToolMode), "Florence-2 cannot call tools");
        }

        if (options.ResponseFormat is ChatResponseFormatJson)
        {
            Refuse(nameof(ChatOptions.ResponseFormat), "Florence-2 answers in its own text form; the typed result is response.GetFlorence2Result<T>()");
        }

        if (options.ModelId is { } requested && !string.Equals(requested, modelId, StringComparison.Ordinal))
        {
            throw new NotSupportedException(
                $"ChatOptions.ModelId asks for '{requested}', but this client runs the Florence-2 model '{modelId}'; leave ModelId unset or use a client of that model.");
        }

        int? numBeams = null;
        if (options.AdditionalProperties is { } properties)
        {
            numBeams = Integer(properties, Florence2ChatOptions.NumBeams);
            minimumScore = Number(properties, Florence2ChatOptions.MinimumScore);
            answerKind = Kind(properties);
        }

        if (streaming && numBeams is > 1)
        {
            throw new NotSupportedException(
                $"Streaming decodes greedily (one beam), so {Florence2ChatOptions.NumBeams} = {numBeams} cannot be honoured; call GetResponseAsync for beam search, or ask for 1 beam.");
        }

        return new GenerationOptions { MaxNewTokens = options.MaxOutputTokens, NumBeams = numBeams };
    }

    private static void RefuseIfSet<T>(T? value, string name, string why)
    {
        if (value is not null)
        {
            Refuse(name, why);
        }
    }

    private static void Refuse(string name, string why) => throw new NotSupportedException($"ChatOptions.{name} is not supported: {why}.");

    private static int? Integer(AdditionalPropertiesDictionary properties, string key)
    {
        if (!properties.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        return value switch
        {
            int i => i,
            long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
            short s => s,
            JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var i) => i,
            string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
            _ => throw WrongType(key, value, "an integer"),
        };
    }

    private static float? Number(AdditionalPropertiesDictionary properties, string key)
    {
        if (!properties.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        return value switch
        {
            float f => f,
            double d => (float)d,
            int i => i,
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetSingle(),
            string s when float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) => f,
            _ => throw WrongType(key, value, "a number from 0 to 1"),
        };
    }

    private static AnswerKind? Kind(AdditionalPropertiesDictionary properties)
    {
        const string key = Florence2ChatOptions.AnswerKind;
        if (!properties.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        var expected = $"an AnswerKind or one of its names ({string.Join(", ", Enum.GetNames<AnswerKind>())})";
        return value switch
        {
            AnswerKind k when Enum.IsDefined(k) => k,
            string s when Enum.TryParse<AnswerKind>(s, ignoreCase: true, out var k) && Enum.IsDefined(k) && !int.TryParse(s, out _) => k,
            JsonElement { ValueKind: JsonValueKind.String } e when Enum.TryParse<AnswerKind>(e.GetString(), ignoreCase: true, out var k) && Enum.IsDefined(k) => k,
            _ => throw WrongType(key, value, expected),
        };
    }

    private static ArgumentException WrongType(string key, object value, string expected) =>
        RequestError.InOptions($"ChatOptions.AdditionalProperties[\"{key}\"] must be {expected}; got {value.GetType().Name} '{Convert.ToString(value, CultureInfo.InvariantCulture)}'.");
}
