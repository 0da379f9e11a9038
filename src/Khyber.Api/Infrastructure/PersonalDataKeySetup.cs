using Khyber.Storage.Audit;

namespace Khyber.Api.Infrastructure;

/// <summary>The audit log's key for personal data, from <c>Audit:PersonalDataKey</c>; a random key of this process, with a warning, when none is set.</summary>
public static class PersonalDataKeySetup
{
    public static PersonalDataKey Create(IConfiguration config, ILogger log)
    {
        if (PersonalDataKey.FromSetting(config["Audit:PersonalDataKey"]) is { } key)
        {
            return key;
        }
        // As with Auth:SigningKey: fine for one demo server; instances sharing a database must share the key.
        log.LogWarning("Audit:PersonalDataKey is not set: personal data in the audit log is hashed with a random key of this process; hashes of one value will differ after a restart.");
        return PersonalDataKey.ForThisProcess;
    }
}
