namespace Florence2.Tests.Runtime;

/// <summary>Providers written as text (configuration, command lines) read back as the values they name.</summary>
public sealed class ExecutionProviderChoiceTests
{
    [Theory]
    [InlineData("Cpu", ExecutionProviderKind.Cpu, 0)]
    [InlineData("cpu", ExecutionProviderKind.Cpu, 0)]
    [InlineData("Cuda", ExecutionProviderKind.Cuda, 0)]
    [InlineData(" cuda:1 ", ExecutionProviderKind.Cuda, 1)]
    [InlineData("DirectML:3", ExecutionProviderKind.DirectML, 3)]
    public void Text_reads_as_the_provider_it_names(string text, ExecutionProviderKind kind, int device)
    {
        Assert.Equal(new ExecutionProviderChoice(kind, device), ExecutionProviderChoice.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Tpu")]
    [InlineData("Cuda:x")]
    [InlineData("Cuda:-1")]
    [InlineData("2")]
    [InlineData("Cuda,Cpu")]
    public void Other_text_is_refused_naming_what_is_allowed(string text)
    {
        Assert.False(ExecutionProviderChoice.TryParse(text, out _));
        Assert.Contains("Cuda:N", Assert.Throws<FormatException>(() => ExecutionProviderChoice.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_to_string_writes_parses_back()
    {
        foreach (var choice in new[] { ExecutionProviderChoice.Cpu, ExecutionProviderChoice.Cuda(2), ExecutionProviderChoice.DirectML(0) })
        {
            Assert.Equal(choice, ExecutionProviderChoice.Parse(choice.ToString()));
        }
    }
}
