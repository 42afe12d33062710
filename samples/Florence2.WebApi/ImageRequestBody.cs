using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Florence2.WebApi;

/// <summary>
/// Describes the image body of the <c>/v1</c> endpoints in the OpenAPI document: raw bytes as image/jpeg, image/png or
/// application/octet-stream, or multipart/form-data with a file field named <c>image</c>. The handlers read the body
/// themselves (<see cref="RequestImage"/>), so nothing in their signatures tells the generator.
/// </summary>
internal static class ImageRequestBody
{
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.RelativePath?.StartsWith("v1/", StringComparison.Ordinal) != true)
        {
            return Task.CompletedTask;
        }

        var bytes = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        var form = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "image" },
                Properties = new Dictionary<string, IOpenApiSchema> { ["image"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
            },
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The image: the raw body, or a multipart file field named 'image'. JPEG and PNG are decoded (Florence2:ImageDecoding:AllowedFormats).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["image/jpeg"] = bytes,
                ["image/png"] = bytes,
                ["application/octet-stream"] = bytes,
                ["multipart/form-data"] = form,
            },
        };
        return Task.CompletedTask;
    }
}
