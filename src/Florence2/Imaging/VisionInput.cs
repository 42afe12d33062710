namespace Florence2;

/// <summary>
/// What a task runs on: the pixels of an image (<see cref="ImageInput"/>: a file, stream, bytes or pixel buffer), or
/// its vision features already computed by a model (<see cref="EncodedImage"/>, from <see cref="IFlorence2Model.EncodeImage"/>),
/// which lets several tasks share one vision-encoder run. Both convert to this type implicitly, so every task method
/// takes either. Immutable; the library defines the only two kinds.
/// </summary>
public abstract class VisionInput
{
    private protected VisionInput()
    {
    }
}
