namespace Florence2.Runtime;

/// <summary>One module's session as a load asks for it: which module, and the tensors its file must have.</summary>
internal sealed record SessionRequest(ModelModule Module, IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs);
