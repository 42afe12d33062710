namespace Florence2.Imaging;

/// <summary>
/// Reads an encoded image from a file or stream into memory, never more than a byte limit. Streams that cannot seek
/// (pipes, FIFOs, <c>/dev/stdin</c>, network streams) are read to their end as they come; a length the stream reports
/// is used to refuse early and to size the buffer, but is not trusted to be the end (a file can grow, a device can
/// report 0). A source that does not end within the limit is refused after limit + 1 bytes.
/// </summary>
internal static class EncodedImageReader
{
    private const int FirstBufferLength = 64 * 1024;

    /// <summary>Reads the file at <paramref name="path"/>, refusing it beyond <paramref name="maxBytes"/>.</summary>
    /// <exception cref="InvalidImageException">The file holds more than <paramref name="maxBytes"/> bytes.</exception>
    public static byte[] ReadFile(string path, long maxBytes)
    {
        // Opening a FIFO blocks until a writer opens it, as any reader of a pipe does.
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return Read(file, maxBytes, what => new InvalidImageException(
            $"The image file '{path}' {what} ImageDecodingOptions.MaxEncodedBytes ({maxBytes:N0} bytes). Raise MaxEncodedBytes to decode it."));
    }

    /// <summary>Reads <paramref name="stream"/> from its position to its end, refusing it beyond <paramref name="maxBytes"/>.</summary>
    /// <exception cref="InvalidImageException">The stream holds more than <paramref name="maxBytes"/> bytes.</exception>
    public static byte[] ReadStream(Stream stream, long maxBytes) =>
        Read(stream, maxBytes, what => new InvalidImageException(
            $"The image stream {what} the limit of ImageInput.FromStream ({maxBytes:N0} bytes). Pass a larger maxBytes to read it."));

    /// <param name="stream">The source.</param>
    /// <param name="maxBytes">The limit, at most <see cref="Array.MaxLength"/> − 1.</param>
    /// <param name="tooLarge">Makes the refusal from "holds N bytes, more than" or "does not end within".</param>
    private static byte[] Read(Stream stream, long maxBytes, Func<string, Exception> tooLarge)
    {
        long? declared = DeclaredLength(stream);
        if (declared > maxBytes)
        {
            throw tooLarge($"holds {declared:N0} bytes, more than");
        }

        // A declared length sizes the buffer exactly: a regular file is read with one allocation and no copy.
        var buffer = new byte[declared is > 0 ? declared.Value : Math.Min(FirstBufferLength, maxBytes + 1)];
        int filled = 0;
        Span<byte> probe = stackalloc byte[1];
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (filled > maxBytes)
                {
                    throw tooLarge("does not end within");
                }

                // Full: one more byte says whether the end is here (the common case for a declared length) or not.
                if (stream.Read(probe) == 0)
                {
                    return buffer;
                }

                Array.Resize(ref buffer, (int)Math.Min(Math.Max(2L * buffer.Length, FirstBufferLength), maxBytes + 1));
                buffer[filled++] = probe[0];
                continue;
            }

            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                return filled == buffer.Length ? buffer : buffer[..filled];
            }

            filled += read;
        }
    }

    /// <summary>Bytes from the position to the end, when the stream can tell; null for pipes and other unseekable streams.</summary>
    private static long? DeclaredLength(Stream stream)
    {
        if (!stream.CanSeek)
        {
            return null;
        }

        try
        {
            return Math.Max(0, stream.Length - stream.Position);
        }
        catch (NotSupportedException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
