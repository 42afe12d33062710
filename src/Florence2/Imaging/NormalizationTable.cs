namespace Florence2.Imaging;

/// <summary>
/// The float value of every 8-bit sample for each RGB channel: <c>(p · rescale − mean[c]) / std[c]</c>. A lookup
/// table makes the tensor fill one load per sample and reproduces Hugging Face's float32 arithmetic exactly:
/// rescale in double then cast to float32, then subtract and divide in float32 (numpy's dtype rules in
/// <c>image_transforms.rescale</c> and <c>normalize</c>).
/// </summary>
internal sealed class NormalizationTable
{
    private readonly float[] _values = new float[3 * 256];

    public NormalizationTable(ImagePreprocessingSettings settings)
    {
        for (int channel = 0; channel < 3; channel++)
        {
            float mean = (float)settings.Mean[channel];
            float std = (float)settings.Std[channel];
            for (int sample = 0; sample < 256; sample++)
            {
                float value = settings.DoRescale ? (float)(sample * settings.RescaleFactor) : sample;
                _values[(channel * 256) + sample] = settings.DoNormalize ? (value - mean) / std : value;
            }
        }
    }

    /// <summary>The 256 values of one channel (0 = red, 1 = green, 2 = blue).</summary>
    public ReadOnlySpan<float> Channel(int channel) => _values.AsSpan(channel * 256, 256);
}
