namespace Khyber.Domain;

/// <summary>An operation that is valid in form but not in the current state (HTTP 409).</summary>
public sealed class StateConflictException(string message) : Exception(message);
