using System.Text.Json.Nodes;

namespace Khyber.Api.Tests.Support;

/// <summary>A valid truck registration, to be adjusted by the test.</summary>
public sealed class TruckBuilder
{
    private static int _plates;
    private string _crossing = "torkham";
    private string _direction = "PK-AF";
    private string _category = "general";
    private string _plate = $"PES{Interlocked.Increment(ref _plates) + 1000}";
    private DateTimeOffset? _spoilsAt;
    private decimal _value = 12_000m;
    private string? _phone;
    private string? _language;
    private string _driverName = "Gul Zaman";
    private string _documentNumber = "PK1234567";

    public TruckBuilder At(string crossing, string direction = "PK-AF")
    {
        _crossing = crossing;
        _direction = direction;
        return this;
    }

    public TruckBuilder Plate(string plate)
    {
        _plate = plate;
        return this;
    }

    public TruckBuilder Category(string category)
    {
        _category = category;
        return this;
    }

    public TruckBuilder Perishable(DateTimeOffset spoilsAt)
    {
        _category = "perishable";
        _spoilsAt = spoilsAt;
        return this;
    }

    public TruckBuilder Value(decimal value)
    {
        _value = value;
        return this;
    }

    /// <summary>The driver's name and document number.</summary>
    public TruckBuilder Driver(string name, string documentNumber)
    {
        _driverName = name;
        _documentNumber = documentNumber;
        return this;
    }

    /// <summary>The driver's mobile number and, if given, the language of his texts.</summary>
    public TruckBuilder Phone(string phone, string? language = null)
    {
        _phone = phone;
        _language = language;
        return this;
    }

    private JsonObject Driver()
    {
        var driver = new JsonObject { ["name"] = _driverName, ["documentNumber"] = _documentNumber };
        if (_phone is not null)
        {
            driver["phone"] = _phone;
        }
        if (_language is not null)
        {
            driver["language"] = _language;
        }
        return driver;
    }

    public JsonObject Build()
    {
        var cargo = new JsonObject
        {
            ["description"] = _category == "perishable" ? "Kinnow mandarins" : "Portland cement",
            ["hsCode"] = _category == "perishable" ? "080521" : "252329",
            ["category"] = _category,
            ["valueUsd"] = _value,
            ["weightKg"] = 20_000,
        };
        if (_spoilsAt is { } spoils)
        {
            cargo["spoilsAt"] = spoils.ToString("O");
        }
        return new JsonObject
        {
            ["crossingId"] = _crossing,
            ["direction"] = _direction,
            ["plate"] = _plate,
            ["registrationCountry"] = "PK",
            ["driver"] = Driver(),
            ["cargo"] = cargo,
        };
    }
}

/// <summary>A valid notice, to be adjusted by the test.</summary>
public sealed class NoticeBuilder
{
    private string _state = "closed";
    private string[] _directions = ["PK-AF", "AF-PK"];
    private DateTimeOffset _from = KhyberFactory.Start;
    private bool _emergency = true;
    private DateTimeOffset? _until;

    public NoticeBuilder State(string state)
    {
        _state = state;
        return this;
    }

    public NoticeBuilder Directions(params string[] directions)
    {
        _directions = directions;
        return this;
    }

    /// <summary>Takes effect at <paramref name="from"/>; planned (not emergency) when that is far enough ahead.</summary>
    public NoticeBuilder From(DateTimeOffset from, bool emergency)
    {
        _from = from;
        _emergency = emergency;
        return this;
    }

    public NoticeBuilder Until(DateTimeOffset until)
    {
        _until = until;
        return this;
    }

    public JsonObject Build()
    {
        var o = new JsonObject
        {
            ["gateState"] = _state,
            ["directions"] = new JsonArray(_directions.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()),
            ["reasonCategory"] = "security",
            ["reason"] = "Exchange of fire near the zero point; the gate is closed until the area is secured.",
            ["effectiveFrom"] = _from.ToString("O"),
            ["emergency"] = _emergency,
        };
        if (_emergency)
        {
            o["emergencyJustification"] = "Guards came under fire this morning.";
        }
        if (_until is { } until)
        {
            o["expectedUntil"] = until.ToString("O");
        }
        return o;
    }
}
