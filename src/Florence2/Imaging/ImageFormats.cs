namespace Florence2;

/// <summary>Encoded image formats the library may decode (see <see cref="ImageDecodingOptions.AllowedFormats"/>).</summary>
[Flags]
public enum ImageFormats
{
    /// <summary>No format: every encoded input is refused.</summary>
    None = 0,

    /// <summary>JPEG (baseline and progressive).</summary>
    Jpeg = 1 << 0,

    /// <summary>PNG (the first frame of an APNG).</summary>
    Png = 1 << 1,

    /// <summary>GIF (the first frame of an animation).</summary>
    Gif = 1 << 2,

    /// <summary>WebP (lossy and lossless, still images).</summary>
    Webp = 1 << 3,

    /// <summary>Windows bitmap.</summary>
    Bmp = 1 << 4,

    /// <summary>TIFF (the first page).</summary>
    Tiff = 1 << 5,

    /// <summary>Truevision TGA.</summary>
    Tga = 1 << 6,

    /// <summary>Netpbm (PBM, PGM, PPM).</summary>
    Pbm = 1 << 7,
}
