using Florence2.Samples.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Florence2.WebApi;

/// <summary>
/// <c>POST /v1/tasks?task=&lt;OD&gt;</c> runs any task token or custom prompt; <c>POST /v1/{operation}</c> runs one
/// task by the kebab-case name of its <see cref="IFlorence2Model"/> method (<c>detect-objects</c>, <c>caption</c>, ...).
/// The image is the request body (image/jpeg, image/png, application/octet-stream) or a multipart file field named
/// <c>image</c>; the answer is the result in the samples' JSON contract (<see cref="ResultEnvelope"/>, docs/json.md).
/// </summary>
internal static class TaskEndpoints
{
    public static void MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        Describe(v1.MapPost("/tasks", (HttpContext http, IFlorence2Model model) =>
                RunAsync(http, model, query => query.RequiredTask())))
            .WithName("RunTask")
            .WithSummary("Runs any task token (query task=<OD>) or custom prompt on the image in the body.");
        Describe(v1.MapPost("/{operation}", (string operation, HttpContext http, IFlorence2Model model) =>
                Operations.TryGetTask(operation, out var taskFor)
                    ? RunAsync(http, model, taskFor)
                    : Task.FromResult(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown operation",
                        detail: $"There is no operation '{operation}'. Use one of: {string.Join(", ", Operations.Names)}, or POST /v1/tasks?task=<TOKEN>."))))
            .WithName("RunOperation")
            .WithSummary($"Runs one task by name: {string.Join(", ", Operations.Names)}.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    // The request body is described in the OpenAPI document by ImageRequestBody, not by Accepts metadata: with Accepts,
    // routing would refuse other content types with a bare 415 before RequestImage could say what to send instead.
    private static RouteHandlerBuilder Describe(RouteHandlerBuilder endpoint) => endpoint
        .Produces<ResultEnvelope>(StatusCodes.Status200OK, "application/json")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status500InternalServerError);

    private static async Task<IResult> RunAsync(HttpContext http, IFlorence2Model model, Func<TaskQuery, string> taskFor)
    {
        var cancellationToken = http.RequestAborted;
        try
        {
            var query = TaskQuery.Parse(http.Request.Query);
            string task = taskFor(query);
            var image = await RequestImage.ReadAsync(http.Request, cancellationToken);
            // The model runs off the request thread; the token reaches the ONNX sessions, so a client that hangs up stops it.
            TaskResult result = await TaskDispatcher.RunAsync(model, image, task, query, cancellationToken);
            return Results.Json(ResultContract.From(result, task, region: query.Region), ResultContract.TypeInfo);
        }
        catch (BadHttpRequestException e)
        {
            // The title is the status's own phrase ("Bad Request", "Unsupported Media Type"); the detail says what to change.
            return Results.Problem(statusCode: e.StatusCode, title: ReasonPhrases.GetReasonPhrase(e.StatusCode), detail: e.Message);
        }
        catch (InvalidImageException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid image", detail: e.Message);
        }
        catch (InvalidRegionException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid region", detail: e.Message,
                extensions: new Dictionary<string, object?> { ["problem"] = e.Problem.ToString() });
        }
        catch (ModelFaultException e)
        {
            // The model, not the request, is at fault: a server error that retrying the same request will not fix.
            return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Model fault", detail: e.Message);
        }
        catch (ArgumentException e)
        {
            // The model throws ArgumentException for inputs that do not fit the task (text for a task without text, ...).
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid task input", detail: ProblemText.Of(e));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client is gone; nobody reads this status, it only keeps the log free of errors.
            return Results.StatusCode(StatusCodes.Status499ClientClosedRequest);
        }
    }
}
