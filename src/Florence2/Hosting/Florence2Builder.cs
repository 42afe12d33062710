using Microsoft.Extensions.DependencyInjection;

namespace Florence2.Hosting;

/// <summary>The <see cref="IFlorence2Builder"/> handed out by the registration methods.</summary>
internal sealed class Florence2Builder(IServiceCollection services, string name, object? serviceKey) : IFlorence2Builder
{
    public IServiceCollection Services { get; } = services;

    public string Name { get; } = name;

    public object? ServiceKey { get; } = serviceKey;
}
