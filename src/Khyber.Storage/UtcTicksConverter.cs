using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Khyber.Storage;

/// <summary>Stores a point in time as its UTC ticks; every time Khyber stores is a UTC instant.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
