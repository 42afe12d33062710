namespace Florence2;

/// <summary>
/// The model, not the caller, is at fault: its parts do not fit together (more image tokens than the text encoder has
/// positions), or it computed values that are not numbers (NaN or infinite logits from a broken export or a failing
/// execution provider). A service answers it as a server error, not as a bad request; retrying the same input will
/// not help, fixing or replacing the model files will.
/// </summary>
public sealed class ModelFaultException : Florence2Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the model did wrong and what would fix it.</param>
    public ModelFaultException(string message) : base(message)
    {
    }
}
