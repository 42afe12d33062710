namespace Florence2.AI;

/// <summary>
/// The <see cref="ArgumentException"/>s of a chat request, named after the <see cref="Microsoft.Extensions.AI.IChatClient"/>
/// parameter at fault (<c>messages</c> or <c>options</c>) even when a helper finds the fault.
/// </summary>
internal static class RequestError
{
    public static ArgumentException InMessages(string message) => Create(message, "messages");

    public static ArgumentException InOptions(string message) => Create(message, "options");

    private static ArgumentException Create(string message, string parameterName) => new(message, parameterName);
}
