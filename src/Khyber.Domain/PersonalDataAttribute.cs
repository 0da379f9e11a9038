namespace Khyber.Domain;

/// <summary>
/// Marks a property that holds a person's data (a driver's name, document number, mobile number): it is shown only
/// to those who need it, and the audit log keeps a keyed hash of it instead of the value.
/// </summary>
/// <remarks>
/// Both sides read the audit log; a keyed hash still shows that the value changed, and to what (for whoever holds
/// the key and the candidate value), without publishing it.
/// </remarks>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class PersonalDataAttribute : Attribute;
