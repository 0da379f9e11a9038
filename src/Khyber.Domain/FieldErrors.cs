namespace Khyber.Domain;

/// <summary>A rule a request broke, naming the field (camelCase path, as the client sent it).</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Collects field errors while a request is checked, so the caller gets all of them at once.</summary>
public sealed class FieldErrors
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> All => _errors;

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    /// <summary>Adds the error when <paramref name="condition"/> is false; returns the condition.</summary>
    public bool Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }
        return condition;
    }
}
