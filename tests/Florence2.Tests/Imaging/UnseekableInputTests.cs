using Florence2.Tests.Support;
using System.Diagnostics;
using Florence2.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Tests.Imaging;

/// <summary>
/// Inputs that cannot seek: named pipes (FIFOs) given as files, and streams such as a network or process pipe. They
/// are read once into memory, up to <see cref="ImageDecodingOptions.MaxEncodedBytes"/>, and refused beyond it.
/// </summary>
public sealed class UnseekableInputTests : IDisposable
{
    // Far beyond every limit used here: the writers stop there, so that a reader with no limit fails instead of hanging.
    private const long SafetyStop = 256L << 20;

    private static readonly ImageDecodingOptions Defaults = new();

    private static readonly ImagePreprocessor Preprocessor = new(
        ImagePreprocessingSettings.Florence2Default with { TargetWidth = 24, TargetHeight = 16 },
        Defaults, TestDecoders.ImageSharp);

    private readonly string _directory = Directory.CreateTempSubdirectory("florence2-pipes-").FullName;
    private readonly Image<Rgb24> _image = TestImages.MakePattern(37, 23);

    public void Dispose()
    {
        _image.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_fifo_given_as_a_file_is_read_and_decoded()
    {
        // Issue 12: ImageInput.FromFile("/dev/stdin") or a FIFO crashed the CLI with NotSupportedException (the
        // decoder seeked). A FIFO can be read once, so the image is read into memory first.
        byte[] png = TestImages.EncodePng(_image);
        string fifo = MakeFifo();
        var writer = Task.Run(() => WriteToFifo(fifo, png, endless: false));

        float[] tensor = Run(ImageInput.FromFile(fifo), Defaults);

        FinishWriter(fifo, writer);
        Assert.Equal(Run(ImageInput.FromBytes(png), Defaults), tensor);
    }

    [Fact]
    public void An_endless_fifo_is_refused_at_the_byte_limit()
    {
        // A FIFO that never ends (or /dev/zero behind a pipe) must not be read into memory without bound.
        string fifo = MakeFifo();
        var writer = Task.Run(() => WriteToFifo(fifo, TestImages.EncodePng(_image), endless: true));

        var error = Assert.Throws<InvalidImageException>(() => Run(ImageInput.FromFile(fifo), Defaults));

        long written = FinishWriter(fifo, writer);
        Assert.Contains("MaxEncodedBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("67,108,864 bytes", error.Message, StringComparison.Ordinal);
        // The reader stopped at the limit: the writer could not push much more than that (plus the pipe's buffer).
        Assert.InRange(written, 64L << 20, (64L << 20) + (4 << 20));
    }

    [Fact]
    public void A_file_larger_than_the_byte_limit_is_refused_before_it_is_read()
    {
        byte[] png = TestImages.EncodePng(_image);
        string path = Path.Combine(_directory, "pattern.png");
        File.WriteAllBytes(path, png);
        var options = new ImageDecodingOptions { MaxEncodedBytes = png.Length - 1 };

        var error = Assert.Throws<InvalidImageException>(() => Run(ImageInput.FromFile(path), options));

        Assert.Contains($"{png.Length:N0} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains($"MaxEncodedBytes ({png.Length - 1:N0} bytes)", error.Message, StringComparison.Ordinal);
        Assert.Equal(Run(ImageInput.FromBytes(png), Defaults),
            Run(ImageInput.FromFile(path), new ImageDecodingOptions { MaxEncodedBytes = png.Length }));
    }

    [Fact]
    public void Bytes_longer_than_the_byte_limit_are_refused_when_decoded()
    {
        byte[] png = TestImages.EncodePng(_image);

        var error = Assert.Throws<InvalidImageException>(() =>
            Run(ImageInput.FromBytes(png), new ImageDecodingOptions { MaxEncodedBytes = 100 }));

        Assert.Contains("MaxEncodedBytes (100 bytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endless_stream_is_refused_at_the_byte_limit_of_FromStream()
    {
        using var endless = new UnseekableStream(TestImages.EncodePng(_image)[..33], endless: true, SafetyStop);

        var error = Assert.Throws<InvalidImageException>(() => ImageInput.FromStream(endless));

        Assert.Contains("67,108,864 bytes", error.Message, StringComparison.Ordinal);
        Assert.InRange(endless.BytesRead, 64L << 20, (64L << 20) + (1 << 20));
    }

    [Fact]
    public void An_unseekable_stream_is_read_up_to_the_given_limit()
    {
        byte[] png = TestImages.EncodePng(_image);
        float[] expected = Run(ImageInput.FromBytes(png), Defaults);

        using var exact = new UnseekableStream(png, endless: false, SafetyStop);
        Assert.Equal(expected, Run(ImageInput.FromStream(exact, maxBytes: png.Length), Defaults));

        using var oneShort = new UnseekableStream(png, endless: false, SafetyStop);
        var error = Assert.Throws<InvalidImageException>(() => ImageInput.FromStream(oneShort, maxBytes: png.Length - 1));
        Assert.Contains($"{png.Length - 1:N0} bytes", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageInput.FromStream(new MemoryStream(png), maxBytes: 0));
    }

    private static float[] Run(ImageInput input, ImageDecodingOptions options)
    {
        var preprocessor = ReferenceEquals(options, Defaults)
            ? Preprocessor
            : new ImagePreprocessor(Preprocessor.Settings, options, TestDecoders.ImageSharp);
        var tensor = new float[preprocessor.TensorLength];
        preprocessor.Preprocess(input, tensor, CancellationToken.None);
        return tensor;
    }

    private string MakeFifo()
    {
        string path = Path.Combine(_directory, "image.fifo");
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>Writes <paramref name="prefix"/> (then zeros, if endless, until the reader goes away) and returns the bytes written.</summary>
    private static long WriteToFifo(string fifo, byte[] prefix, bool endless)
    {
        long written = 0;
        try
        {
            using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            pipe.Write(prefix);
            written += prefix.Length;
            var zeros = new byte[64 * 1024];
            while (endless && written < SafetyStop)
            {
                pipe.Write(zeros);
                written += zeros.Length;
            }
        }
        catch (IOException)
        {
            // The reader closed its end (EPIPE): it stopped reading, as it should at the limit.
        }

        return written;
    }

    /// <summary>Waits for the writer; if the reader never opened the FIFO, opens it here so that the writer is not left blocked.</summary>
    private static long FinishWriter(string fifo, Task<long> writer)
    {
        if (!writer.Wait(TimeSpan.FromSeconds(30)))
        {
            using var drain = new FileStream(fifo, FileMode.Open, FileAccess.Read);
            drain.CopyTo(Stream.Null);
        }

        return writer.Result;
    }

    /// <summary>A read-only stream that cannot seek or tell its length, like a pipe or a network stream.</summary>
    private sealed class UnseekableStream(byte[] prefix, bool endless, long safetyStop) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (BytesRead >= safetyStop)
            {
                throw new InvalidOperationException($"Read past {safetyStop:N0} bytes: the reader has no limit.");
            }

            int n;
            if (BytesRead < prefix.Length)
            {
                n = (int)Math.Min(count, prefix.Length - BytesRead);
                prefix.AsSpan((int)BytesRead, n).CopyTo(buffer.AsSpan(offset));
            }
            else
            {
                n = endless ? count : 0;
                buffer.AsSpan(offset, n).Clear();
            }

            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
