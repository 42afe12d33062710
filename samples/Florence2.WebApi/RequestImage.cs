namespace Florence2.WebApi;

/// <summary>Reads the image of a request: the raw body, or the multipart file field <c>image</c> (or the only file).</summary>
internal static class RequestImage
{
    public static async Task<ImageInput> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or IOException and not BadHttpRequestException)
            {
                // ASP.NET Core's form reader reports a malformed body this way: InvalidDataException for a missing boundary
                // or bad headers, IOException for a body that ends before its closing boundary. Both are the caller's error.
                throw new BadHttpRequestException($"The multipart body is malformed: {e.Message}");
            }


            var file = form.Files.GetFile("image") ?? (form.Files.Count == 1 ? form.Files[0] : null)
                ?? throw new BadHttpRequestException($"The multipart body has {form.Files.Count} files and none named 'image'; send the image in a file field named 'image'.");
            await using var stream = file.OpenReadStream();
            await stream.CopyToAsync(buffer, cancellationToken);
        }
        else
        {
            string? type = request.ContentType;
            bool accepted = type is null
                || type.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
                || type.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase);
            if (!accepted)
            {
                throw new BadHttpRequestException(
                    $"Content-Type '{type}' is not an image; send the image as the body with image/jpeg, image/png or application/octet-stream, or as multipart/form-data.",
                    StatusCodes.Status415UnsupportedMediaType);
            }

            await request.Body.CopyToAsync(buffer, cancellationToken);
        }

        // The decoder, not the Content-Type, decides what the bytes are: it refuses formats not enabled in Florence2:ImageDecoding:AllowedFormats.
        return buffer.Length > 0
            ? ImageInput.FromBytes(buffer.ToArray())
            : throw new BadHttpRequestException("The request has no image: send the image as the body, or as a multipart file field named 'image'.");
    }
}
