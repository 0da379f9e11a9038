namespace Khyber.Simulation;

/// <summary>A model or scenario that cannot be simulated, with the reasons per field.</summary>
/// <remarks>The errors are keyed by the field's JSON path (<c>classes[0].service.meanMinutes</c>) so a web endpoint can return them as a validation problem as they are.</remarks>
public sealed class ForecastInputException : Exception
{
    public ForecastInputException(IReadOnlyDictionary<string, string[]> errors)
        : base("Invalid forecast input: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
    {
        Errors = errors;
    }

    public ForecastInputException()
        : this(new Dictionary<string, string[]>())
    {
    }

    public ForecastInputException(string message)
        : this(new Dictionary<string, string[]> { [""] = [message] })
    {
    }

    public ForecastInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]> { [""] = [message] };
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>Collects validation errors by field path.</summary>
internal sealed class InputErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new ForecastInputException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}
