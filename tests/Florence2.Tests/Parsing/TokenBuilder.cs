namespace Florence2.Tests.Parsing;

/// <summary>Builds <see cref="AnswerTokens"/> token by token with chosen log-probabilities.</summary>
internal sealed class TokenBuilder
{
    private readonly System.Text.StringBuilder _text = new();
    private readonly List<int> _ends = [];
    private readonly List<float> _logProbs = [];

    public TokenBuilder Add(string token, float logProb)
    {
        _text.Append(token);
        _ends.Add(_text.Length);
        _logProbs.Add(logProb);
        return this;
    }

    public AnswerTokens Build(bool isTruncated = false) =>
        new(_text.ToString(), _ends, _logProbs, isTruncated, cleanUpTokenizationSpaces: false);
}
