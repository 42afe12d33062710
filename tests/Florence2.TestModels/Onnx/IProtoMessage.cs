namespace Florence2.TestModels;

/// <summary>A message that can encode its fields with a <see cref="ProtoWriter"/>.</summary>
internal interface IProtoMessage
{
    /// <summary>Appends this message's fields to <paramref name="writer"/>.</summary>
    void WriteTo(ProtoWriter writer);
}
