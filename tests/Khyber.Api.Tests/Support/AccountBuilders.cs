using System.Text.Json.Nodes;

namespace Khyber.Api.Tests.Support;

/// <summary>A valid account for <c>POST /api/v1/admin/users</c>: a Pakistani officer at Torkham unless told otherwise.</summary>
public sealed class UserBuilder
{
    private readonly JsonObject _body = new()
    {
        ["username"] = $"officer.{Guid.NewGuid():N}"[..20],
        ["displayName"] = "Gate officer Shah Wali",
        ["role"] = "officer",
        ["side"] = "PK",
        ["crossingId"] = "torkham",
    };

    public UserBuilder Named(string username)
    {
        _body["username"] = username;
        return this;
    }

    public UserBuilder Officer(string side, string crossing = "torkham") => Set(("role", "officer"), ("side", side), ("crossingId", crossing), ("carrierId", null));

    public UserBuilder Liaison(string side) => Set(("role", "liaison"), ("side", side), ("crossingId", null), ("carrierId", null));

    public UserBuilder Admin(string? side) => Set(("role", "admin"), ("side", side), ("crossingId", null), ("carrierId", null));

    public UserBuilder Carrier(string company) => Set(("role", "carrier"), ("side", null), ("crossingId", null), ("carrierId", company));

    private UserBuilder Set(params (string Field, string? Value)[] values)
    {
        foreach (var (field, value) in values)
        {
            if (value is null)
            {
                _body.Remove(field);
            }
            else
            {
                _body[field] = value;
            }
        }
        return this;
    }

    public JsonObject Build() => (JsonObject)_body.DeepClone();
}

/// <summary>Valid company fields, for <c>POST /api/v1/admin/carriers</c> and (with a username) <c>POST /api/v1/carrier-applications</c>.</summary>
public static class CompanyBuilder
{
    public static JsonObject Company(string name = "Torkham Reefer Transport", string registration = "SECP-0055501") => new()
    {
        ["name"] = name,
        ["country"] = "PK",
        ["registrationNumber"] = registration,
        ["contact"] = new JsonObject { ["name"] = "Bibi Amina Yousafzai", ["phone"] = "+92 300 5551234", ["email"] = "dispatch@torkham-reefer.example" },
    };

    public static JsonObject Application(string name = "Jalalabad Fresh Fruit Co.", string registration = "ACBR-7654321", string username = "jalalabad.fresh")
    {
        var body = Company(name, registration);
        body["country"] = "AF";
        body["contact"] = new JsonObject { ["name"] = "Haji Gul Ahmad", ["phone"] = "+93 70 012 3456", ["email"] = "office@jalalabad-fresh.example" };
        body["username"] = username;
        body["message"] = "We carry grapes and pomegranates to Peshawar through Torkham, about 20 trucks a week.";
        return body;
    }
}
