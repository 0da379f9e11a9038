using Khyber.Domain;

namespace Khyber.Api.Infrastructure;

/// <summary>A request the API refuses; turned into an RFC 9457 problem by <see cref="ProblemExceptionHandler"/>.</summary>
public sealed class ApiProblemException(int status, string title, string? detail = null, IReadOnlyList<FieldError>? errors = null)
    : Exception(detail ?? title)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;

    public IReadOnlyList<FieldError> Errors { get; } = errors ?? [];
}

/// <summary>The refusals the API makes, each with the status the contract gives it.</summary>
public static class Problems
{
    /// <summary>400: the body is not JSON of the expected shape.</summary>
    public static ApiProblemException Malformed(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "The request body is not valid.", message, [new FieldError(field, message)]);

    /// <summary>422: well-formed, but the values break the rules.</summary>
    public static ApiProblemException Invalid(FieldErrors errors) =>
        new(StatusCodes.Status422UnprocessableEntity, "One or more fields are invalid.", string.Join(" ", errors.All.Select(e => $"{e.Field}: {e.Message}")), errors.All);

    public static ApiProblemException Invalid(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return Invalid(errors);
    }

    public static ApiProblemException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, "Not found.", what);

    public static ApiProblemException Forbidden(string why) =>
        new(StatusCodes.Status403Forbidden, "You may not do this.", why);

    public static ApiProblemException Conflict(string why) =>
        new(StatusCodes.Status409Conflict, "This conflicts with the current state.", why);

    public static void ThrowIfAny(FieldErrors errors)
    {
        if (errors.Any)
        {
            throw Invalid(errors);
        }
    }
}
