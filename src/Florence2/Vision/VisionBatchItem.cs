namespace Florence2.Vision;

/// <summary>One image's outcome in <see cref="IBatchVisionEncoder.EncodeBatch"/>: its features, or why it failed.</summary>
internal readonly record struct VisionBatchItem(ImageFeatures? Features, Exception? Error);
