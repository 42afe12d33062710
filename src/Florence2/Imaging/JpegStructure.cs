using System.Buffers.Binary;

namespace Florence2.Imaging;

/// <summary>
/// Walks the marker segments of a JPEG before any decoder sees it, at the byte level (no imaging library, so that
/// every decoder can rely on it): SOI, the segments with their declared lengths, the frame header (SOF), each scan's
/// entropy-coded data up to its next marker, and the end-of-image marker (EOI). Segment payloads (EXIF, XMP, ICC
/// profiles, ...) are stepped over by their lengths, never read. One pass, no allocation.
/// </summary>
/// <remarks>
/// Refused (<see cref="InvalidImageException"/>): no SOI; a segment whose length runs past the end; a scan before
/// the frame header or a second frame header (libjpeg refuses both); EOI before any scan; and data that ends before
/// EOI — a cut file. ImageSharp 2.1.13 decodes a JPEG cut inside its scan data with the missing rows grey or repeated
/// and reports success; Pillow raises "image file is truncated". Bytes after EOI are ignored, and stray bytes between
/// segments are skipped as libjpeg does (with a warning there).
/// </remarks>
internal static class JpegStructure
{
    private const byte Prefix = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;

    /// <summary>Checks the structure of <paramref name="jpeg"/> and returns its frame size and scan count.</summary>
    /// <exception cref="InvalidImageException">The structure is broken (see the remarks).</exception>
    public static JpegLayout Read(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 2 || jpeg[0] != Prefix || jpeg[1] != StartOfImage)
        {
            throw new InvalidImageException("The data does not start with the JPEG start-of-image marker (FFD8).");
        }

        int width = -1, height = -1, scans = 0;
        int position = 2;
        while (true)
        {
            int markerAt = NextMarker(jpeg, position);
            string name = width < 0 ? "JPEG" : $"JPEG ({width}×{height})";
            if (markerAt < 0)
            {
                throw new InvalidImageException(
                    $"The {name} is truncated: its data ends at offset {jpeg.Length:N0}, after {scans} scan(s) and before the end-of-image marker (EOI).");
            }

            byte marker = jpeg[markerAt + 1];
            position = markerAt + 2;
            if (marker == EndOfImage)
            {
                return scans > 0
                    ? new JpegLayout(width, height, scans, position)
                    : throw new InvalidImageException($"The {name} has no image data: its end-of-image marker (EOI) at offset {markerAt:N0} comes before any scan.");
            }

            if (marker == StartOfImage)
            {
                throw new InvalidImageException($"The {name} is corrupt: a second start-of-image marker (FFD8) at offset {markerAt:N0}.");
            }

            if (marker is (>= 0xD0 and <= 0xD7) or 0x01)
            {
                continue; // RSTn and TEM stand alone: no length follows
            }

            if (jpeg.Length - position < 2)
            {
                throw new InvalidImageException(
                    $"The {name} is truncated: its data ends at offset {jpeg.Length:N0}, inside the length of segment {MarkerName(marker)} at offset {markerAt:N0}.");
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[position..]);
            if (length < 2 || length > jpeg.Length - position)
            {
                throw new InvalidImageException(
                    $"The {name} is {(length < 2 ? "corrupt" : "truncated")}: segment {MarkerName(marker)} at offset {markerAt:N0} declares {length} bytes, "
                    + $"but {jpeg.Length - position} remain (data ends at offset {jpeg.Length:N0}).");
            }

            if (IsStartOfFrame(marker))
            {
                if (width >= 0)
                {
                    throw new InvalidImageException($"The {name} is corrupt: a second frame header ({MarkerName(marker)}) at offset {markerAt:N0}.");
                }

                if (length < 8)
                {
                    throw new InvalidImageException($"The JPEG is corrupt: its frame header ({MarkerName(marker)}) at offset {markerAt:N0} has {length} bytes, fewer than 8.");
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(position + 3)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(position + 5)..]);
            }

            position += length;
            if (marker == StartOfScan)
            {
                if (width < 0)
                {
                    throw new InvalidImageException($"The JPEG is corrupt: a scan (SOS) at offset {markerAt:N0} comes before any frame header (SOF).");
                }

                scans++;
                int next = EndOfEntropyCodedData(jpeg, position);
                if (next < 0)
                {
                    throw new InvalidImageException(
                        $"The {name} is truncated: its data ends at offset {jpeg.Length:N0}, inside the entropy-coded data of scan {scans} "
                        + $"(from offset {position:N0}), before the end-of-image marker (EOI).");
                }

                position = next;
            }
        }
    }

    /// <summary>
    /// Offset of the next marker's FF at or after <paramref name="position"/>, skipping fill bytes (FF FF …) and stray
    /// bytes that are not a marker; -1 if the data ends first.
    /// </summary>
    private static int NextMarker(ReadOnlySpan<byte> jpeg, int position)
    {
        while (true)
        {
            int found = jpeg[position..].IndexOf(Prefix);
            if (found < 0)
            {
                return -1;
            }

            int at = position + found;
            int after = at + 1;
            while (after < jpeg.Length && jpeg[after] == Prefix)
            {
                after++;
            }

            if (after >= jpeg.Length)
            {
                return -1;
            }

            if (jpeg[after] != 0x00)
            {
                return after - 1;
            }

            position = after + 1; // FF 00 outside a scan is a stray byte pair
        }
    }

    /// <summary>
    /// Offset of the FF of the marker that ends the entropy-coded data starting at <paramref name="position"/>, or -1 if the
    /// data ends first. Inside the data, FF 00 is a stuffed FF byte and FF D0–D7 a restart marker.
    /// </summary>
    private static int EndOfEntropyCodedData(ReadOnlySpan<byte> jpeg, int position)
    {
        while (true)
        {
            int found = jpeg[position..].IndexOf(Prefix);
            if (found < 0)
            {
                return -1;
            }

            int after = position + found + 1;
            while (after < jpeg.Length && jpeg[after] == Prefix)
            {
                after++;
            }

            if (after >= jpeg.Length)
            {
                return -1;
            }

            byte next = jpeg[after];
            if (next != 0x00 && next is not (>= 0xD0 and <= 0xD7))
            {
                return after - 1;
            }

            position = after + 1;
        }
    }

    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    private static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    private static string MarkerName(byte marker) => marker switch
    {
        _ when IsStartOfFrame(marker) => $"SOF{marker - 0xC0} (FF{marker:X2})",
        0xC4 => "DHT (FFC4)",
        0xDA => "SOS (FFDA)",
        0xDB => "DQT (FFDB)",
        0xDD => "DRI (FFDD)",
        0xFE => "COM (FFFE)",
        >= 0xE0 and <= 0xEF => $"APP{marker - 0xE0} (FF{marker:X2})",
        _ => $"FF{marker:X2}",
    };
}
