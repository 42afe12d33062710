namespace Florence2.Imaging;

/// <summary>What <see cref="JpegStructure.Read"/> found in a JPEG: the frame size and how many scans reach the end marker.</summary>
/// <param name="Width">Samples per line from the frame header (SOF); 0 to 65,535.</param>
/// <param name="Height">Lines from the frame header; 0 means "defined later by a DNL marker".</param>
/// <param name="Scans">Number of scans (SOS segments with their entropy-coded data) before EOI; at least 1.</param>
/// <param name="End">Offset just past the EOI marker; bytes after it are not part of the image.</param>
internal readonly record struct JpegLayout(int Width, int Height, int Scans, int End);
