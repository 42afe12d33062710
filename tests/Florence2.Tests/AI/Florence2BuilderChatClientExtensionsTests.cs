using Florence2.AI;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Florence2.Tests.AI;

/// <summary>AddFlorence2(...).AddChatClient(): the chat client next to the model, keyed like it.</summary>
public sealed class Florence2BuilderChatClientExtensionsTests : IDisposable
{
    private readonly TempModelFolder _folder = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor("a red car") });

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_chat_client_is_registered_over_the_containers_model_and_answers()
    {
        var services = new ServiceCollection();
        services.AddFlorence2(o => o.ModelPath = _folder.Path).UseImageSharp().AddChatClient();
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IChatClient>();
        var response = await client.GetResponseAsync([Ask("caption")]);

        Assert.Same(provider.GetRequiredService<IFlorence2Model>(), client.GetService<IFlorence2Model>());
        Assert.Same(client, provider.GetRequiredService<IChatClient>());
        Assert.Equal("a red car", response.Text);
        Assert.Equal(Path.GetFileName(_folder.Path), response.ModelId);
    }

    [Fact]
    public void A_keyed_model_gets_a_keyed_chat_client_and_no_unkeyed_one()
    {
        var services = new ServiceCollection();
        services.AddKeyedFlorence2("detector", o => o.ModelPath = _folder.Path).AddChatClient(modelId: "florence-2-large-ft");
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredKeyedService<IChatClient>("detector");

        Assert.Same(provider.GetRequiredKeyedService<IFlorence2Model>("detector"), client.GetService<IFlorence2Model>());
        Assert.Equal("florence-2-large-ft", client.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Null(provider.GetService<IChatClient>());
    }

    [Fact]
    public void Disposing_the_container_disposes_the_model_once_and_the_client_leaves_it_alone()
    {
        var services = new ServiceCollection();
        services.AddFlorence2(o => o.ModelPath = _folder.Path).UseImageSharp().AddChatClient();
        var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();
        var model = provider.GetRequiredService<Florence2Model>();

        client.Dispose();
        _ = model.Caption(TestImages.Input(32, 32));   // still usable: the client does not own the model
        provider.Dispose();

        Assert.Throws<ObjectDisposedException>(() => model.Caption(TestImages.Input(32, 32)));
    }

    [Fact]
    public void An_empty_model_id_is_refused_at_registration()
    {
        var builder = new ServiceCollection().AddFlorence2(o => o.ModelPath = _folder.Path).UseImageSharp();

        Assert.Throws<ArgumentException>(() => builder.AddChatClient(modelId: " "));
    }

    private static ChatMessage Ask(string text) => new(ChatRole.User, [new DataContent(TestImages.Png(32, 32), "image/png"), new TextContent(text)]);
}
