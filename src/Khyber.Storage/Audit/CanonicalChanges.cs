using System.Globalization;
using System.Text;
using System.Text.Json;
using Khyber.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Khyber.Storage.Audit;

/// <summary>Writes a unit of work's changes as canonical JSON: entities, keys and properties in ordinal order, invariant formats.</summary>
/// <remarks>
/// Secrets are written as "(secret)"; personal data (properties marked <see cref="PersonalDataAttribute"/>) as
/// <c>hmac-sha256:&lt;hex&gt;</c> of its canonical text, salted with the record's <c>PersonalDataSalt</c>, under
/// <paramref name="personalDataKey"/>: both sides read the log, and a change of a driver's number must show as a change
/// without showing the number — and must stop being checkable once the number is erased with its salt.
/// </remarks>
public static class CanonicalChanges
{
    private static readonly HashSet<string> Secret = ["Secret", "PasswordHash", "SecurityStamp", SaltProperty];

    /// <summary>The property of a record with personal data that salts its hashes (<see cref="PersonalDataKey.Hash(string?, string)"/>).</summary>
    public const string SaltProperty = "PersonalDataSalt";

    public static string Write(IEnumerable<EntityEntry> entries, PersonalDataKey personalDataKey)
    {
        var changes = entries
            .Select(e => (Entity: e.Metadata.ClrType.Name, Key: KeyOf(e), Entry: e))
            .OrderBy(c => c.Entity, StringComparer.Ordinal)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("changes");
            foreach (var (entity, key, entry) in changes)
            {
                json.WriteStartObject();
                json.WriteString("entity", entity);
                json.WriteString("key", key);
                json.WriteString("state", entry.State.ToString());
                json.WriteStartObject("values");
                var salt = entry.Metadata.FindProperty(SaltProperty) is null ? null : entry.Property(SaltProperty).CurrentValue as string;
                var properties = entry.Properties
                    .Where(p => entry.State != EntityState.Modified || p.IsModified)
                    .Where(p => entry.State != EntityState.Deleted || p.Metadata.IsPrimaryKey())
                    // The entry's own sequence number is set after the payload is written; the chain itself says where it is.
                    .Where(p => p.Metadata.Name != KhyberDb.AuditSeqProperty)
                    .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal);
                foreach (var property in properties)
                {
                    json.WritePropertyName(property.Metadata.Name);
                    // A secret is recorded as changed, never as its value: the log is read by both sides.
                    WriteValue(json, Secret.Contains(property.Metadata.Name) ? "(secret)"
                        : IsPersonal(property.Metadata) && property.CurrentValue is { } personal ? personalDataKey.Hash(salt, Format(personal))
                        : property.CurrentValue);
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static bool IsPersonal(Microsoft.EntityFrameworkCore.Metadata.IProperty property) =>
        property.PropertyInfo?.IsDefined(typeof(PersonalDataAttribute), inherit: true) == true;

    private static string KeyOf(EntityEntry entry) =>
        string.Join('/', entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Format(entry.Property(p.Name).CurrentValue)));

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int or long or double or decimal:
                json.WriteRawValue(Format(value));
                break;
            case System.Collections.IEnumerable list when value is not string:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(json, item);
                }
                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Format(value));
                break;
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateTimeOffset t => AuditChain.Normalize(t).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
