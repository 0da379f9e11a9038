using System.Globalization;
using Khyber.Domain;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Infrastructure;

/// <summary>
/// A request a use case refuses, with everything the caller needs to hear: the status, a title, the detail, the
/// fields at fault and, for a rate limit, when to try again. The API writes it as an RFC 9457 problem
/// (<see cref="ProblemExceptionHandler"/>); a page shows it beside the form that was sent.
/// </summary>
public sealed class ApiProblemException(
    int status, string title, string? detail = null, IReadOnlyList<FieldError>? errors = null, TimeSpan? retryAfter = null,
    IReadOnlyDictionary<string, object?>? extensions = null, string? code = null, string? type = null)
    : Exception(detail ?? title)
{
    /// <summary>The problem's <c>type</c> (RFC 9457), for the refusals a client must tell apart by it, such as a code that is needed.</summary>
    public string? Type { get; } = type;

    /// <summary>A word a client can act on without reading the text, such as <c>passwordChangeRequired</c>; written as the problem's <c>code</c>.</summary>
    public string? Code { get; } = code;

    public int Status { get; } = status;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;

    public IReadOnlyList<FieldError> Errors { get; } = errors ?? [];

    /// <summary>For a 429: how long to wait before trying again, in whole seconds (at least 1).</summary>
    public int? RetryAfterSeconds { get; } = retryAfter is { } wait ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : null;

    /// <summary>Members the problem carries beside the standard ones, for a client to act on (such as the trucks a change would strand).</summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}

/// <summary>The refusals the API makes, each with the status the contract gives it.</summary>
public static class Problems
{
    /// <summary>400: the body is not JSON of the expected shape.</summary>
    public static ApiProblemException Malformed(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "The request body is not valid.", message, [new FieldError(field, message)]);

    /// <summary>400: a header, route or query value is not of the form the API reads.</summary>
    public static ApiProblemException BadRequest(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "The request is not valid.", $"{field}: {message}", [new FieldError(field, message)]);

    /// <summary>422: well-formed, but the values break the rules.</summary>
    public static ApiProblemException Invalid(FieldErrors errors) =>
        new(StatusCodes.Status422UnprocessableEntity, "One or more fields are invalid.", string.Join(" ", errors.All.Select(e => $"{e.Field}: {e.Message}")), errors.All);

    public static ApiProblemException Invalid(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return Invalid(errors);
    }

    public static ApiProblemException Unauthorized(string why) =>
        new(StatusCodes.Status401Unauthorized, "Not signed in.", why);

    public static ApiProblemException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, "Not found.", what);

    public static ApiProblemException Forbidden(string why) =>
        new(StatusCodes.Status403Forbidden, "You may not do this.", why);

    /// <summary>403 with <c>code: passwordChangeRequired</c>: the password was right, but it was a one-time password that must be changed first.</summary>
    public static ApiProblemException PasswordChangeRequired() =>
        new(StatusCodes.Status403Forbidden, "A new password is needed.",
            "This password was set by an administrator and must be changed before signing in: POST /api/v1/auth/password.", code: PasswordChangeRequiredCode);

    public const string PasswordChangeRequiredCode = "passwordChangeRequired";

    public const string SecondFactorRequiredType = "urn:khyber:problem:second-factor-required";

    public const string SecondFactorRequiredCode = "secondFactorRequired";

    public const string SecondFactorEnrolmentRequiredType = "urn:khyber:problem:second-factor-enrolment-required";

    public const string SecondFactorEnrolmentRequiredCode = "secondFactorEnrolmentRequired";

    /// <summary>401 naming the field <c>otp</c>: the password was right, and the account asks for a code of its authenticator (or a recovery code).</summary>
    public static ApiProblemException SecondFactorRequired() =>
        new(StatusCodes.Status401Unauthorized, "A second factor is needed.", "otp: send the 6-digit code of your authenticator app, or one of your recovery codes.",
            [new FieldError("otp", "Required: the 6-digit code of your authenticator app, or a recovery code.")], code: SecondFactorRequiredCode, type: SecondFactorRequiredType);

    /// <summary>403: the password was right, but the account's role requires a second factor and none is enrolled; enrolment is on the pages.</summary>
    public static ApiProblemException SecondFactorEnrolmentRequired() =>
        new(StatusCodes.Status403Forbidden, "A second factor must be enrolled first.",
            "This account's role requires a second factor: sign in on the pages (/account/login) to enrol an authenticator app, then ask for a token with its code.",
            code: SecondFactorEnrolmentRequiredCode, type: SecondFactorEnrolmentRequiredType);

    /// <summary>403 with <c>code: accountDisabled</c>: the password was right, but an administrator has disabled the account.</summary>
    public static ApiProblemException AccountDisabled() =>
        new(StatusCodes.Status403Forbidden, "You may not do this.", "This account is disabled: ask an administrator.", code: "accountDisabled");

    public static ApiProblemException Conflict(string why, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(StatusCodes.Status409Conflict, "This conflicts with the current state.", why, extensions: extensions);

    /// <summary>409 naming the field whose value no longer agrees with what is stored (a head hash that has moved on).</summary>
    public static ApiProblemException ConflictOn(string field, string why) =>
        new(StatusCodes.Status409Conflict, "This conflicts with the current state.", $"{field}: {why}", [new FieldError(field, why)]);

    /// <summary>
    /// 409 with <c>code: carrierCapReached</c>, naming <c>crossingId</c>: the carrier already holds as many places at the
    /// crossing as it may (<c>limit</c>, <c>holding</c>); registering is possible again once some of its trucks cross or are cancelled.
    /// </summary>
    public static ApiProblemException CarrierCapReached(string why, int limit, int holding) =>
        new(StatusCodes.Status409Conflict, CarrierCapTitle, why, [new FieldError("crossingId", why)],
            extensions: new Dictionary<string, object?> { ["limit"] = limit, ["holding"] = holding }, code: CarrierCapCode);

    public const string CarrierCapCode = "carrierCapReached";

    public const string CarrierCapTitle = "Your company has reached its limit of trucks waiting at this crossing.";

    /// <summary>429: the caller has used up a rate limit; <paramref name="retryAfter"/> says when to try again.</summary>
    public static ApiProblemException TooMany(TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new(StatusCodes.Status429TooManyRequests, "Too many requests.", $"Slow down: try again in {seconds.ToString(CultureInfo.InvariantCulture)} s.", retryAfter: retryAfter);
    }

    public static void ThrowIfAny(FieldErrors errors)
    {
        if (errors.Any)
        {
            throw Invalid(errors);
        }
    }

    /// <summary>
    /// The refusal an exception stands for, if it stands for one: a use case's own refusal, a domain rule's state
    /// conflict, or a concurrent change that won. Anything else is a fault, not a refusal (null).
    /// </summary>
    public static ApiProblemException? Of(Exception exception) => exception switch
    {
        ApiProblemException p => p,
        StateConflictException c => Conflict(c.Message),
        DbUpdateConcurrencyException => Conflict("Someone else changed this at the same moment; try again."),
        _ => null,
    };
}
