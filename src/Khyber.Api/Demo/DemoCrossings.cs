using Khyber.Domain;
using Khyber.Domain.Crossings;

namespace Khyber.Api.Demo;

/// <summary>The five Pakistan–Afghanistan crossings, with lanes and capacities in line with public reports.</summary>
public static class DemoCrossings
{
    public static readonly string[] Ids = ["torkham", "chaman", "ghulam-khan", "angoor-adda", "kharlachi"];

    public static IEnumerable<Crossing> All(DateTimeOffset now)
    {
        // Torkham: designed for 2,400 trucks a day, carries 500–1,200; open round the clock.
        yield return Make("torkham", "Torkham", now, lanesOpen: 4, lanesMax: 6, perLaneHour: 6, opens: 0, closes: 24,
            pkAuthority: "Pakistan — Torkham Border Terminal (Khyber, KP)", afAuthority: "Afghanistan — Torkham Port (Nangarhar)");
        yield return Make("chaman", "Chaman–Spin Boldak", now, lanesOpen: 3, lanesMax: 5, perLaneHour: 5, opens: 0, closes: 24,
            pkAuthority: "Pakistan — Chaman Border Terminal (Balochistan)", afAuthority: "Afghanistan — Spin Boldak Port (Kandahar)");
        // The smaller crossings work daytime hours, 08:00–18:00 Pakistan time.
        yield return Make("ghulam-khan", "Ghulam Khan", now, lanesOpen: 2, lanesMax: 3, perLaneHour: 4, opens: 3, closes: 13,
            pkAuthority: "Pakistan — Ghulam Khan (North Waziristan)", afAuthority: "Afghanistan — Ghulam Khan (Khost)");
        yield return Make("angoor-adda", "Angoor Adda", now, lanesOpen: 1, lanesMax: 2, perLaneHour: 4, opens: 3, closes: 13,
            pkAuthority: "Pakistan — Angoor Adda (South Waziristan)", afAuthority: "Afghanistan — Angoor Adda (Paktika)");
        yield return Make("kharlachi", "Kharlachi", now, lanesOpen: 1, lanesMax: 2, perLaneHour: 4, opens: 3, closes: 13,
            pkAuthority: "Pakistan — Kharlachi (Kurram)", afAuthority: "Afghanistan — Dand-e-Patan (Paktia)");
    }

    private static Crossing Make(string id, string name, DateTimeOffset now, int lanesOpen, int lanesMax, double perLaneHour, int opens, int closes, string pkAuthority, string afAuthority) => new()
    {
        Id = id,
        Name = name,
        MinimumNoticeHours = 24,
        NoShowMinutes = 20,
        OpensAtUtcHour = opens,
        ClosesAtUtcHour = closes,
        UpdatedAt = now,
        Sides =
        [
            new CrossingSide { CrossingId = id, Side = Side.PK, Authority = pkAuthority, TimeZone = "Asia/Karachi" },
            new CrossingSide { CrossingId = id, Side = Side.AF, Authority = afAuthority, TimeZone = "Asia/Kabul" },
        ],
        Directions =
        [
            new CrossingDirection { CrossingId = id, Direction = Direction.PkToAf, LanesOpen = lanesOpen, LanesMax = lanesMax, TrucksPerLanePerHour = perLaneHour },
            new CrossingDirection { CrossingId = id, Direction = Direction.AfToPk, LanesOpen = lanesOpen, LanesMax = lanesMax, TrucksPerLanePerHour = perLaneHour },
        ],
    };
}
