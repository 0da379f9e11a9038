using Khyber.Domain;
using Khyber.Domain.Crossings;

namespace Khyber.Api.Demo;

/// <summary>The five Pakistan–Afghanistan crossings, with lanes and capacities in line with public reports.</summary>
public static class DemoCrossings
{
    public static readonly string[] Ids = ["torkham", "chaman", "ghulam-khan", "angoor-adda", "kharlachi"];

    /// <remarks>
    /// Operating hours are each side's own clock (Asia/Karachi, UTC+5; Asia/Kabul, UTC+4:30), as public reports give them:
    /// <list type="bullet">
    /// <item>Torkham has worked round the clock since September 2019: on trial from 2 September, inaugurated by the Prime
    /// Minister on 18 September (Dawn, "PM Imran inaugurates 24/7 Torkham border crossing", 18 Sep 2019; The Nation,
    /// 18 Sep 2019). Before that it was open 12 hours a day, 07:00–20:00 at the last extension (The News).</item>
    /// <item>Chaman–Spin Boldak: the Bab-e-Dosti gate is open to trade vehicles 24 hours a day, pedestrians 08:00–16:00
    /// (Daily Times, "Chaman border reopens after a month"); the Ministry of Interior's notification of May 2020 had
    /// Torkham and Chaman open 24 hours, six days a week (Daily Pakistan, 17 May 2020). Before 2020, trade hours were
    /// 08:00–17:00, six days a week.</item>
    /// <item>Ghulam Khan, Angoor Adda and Kharlachi: no current daily hours were found (Ghulam Khan was notified 24 hours,
    /// six days a week, during the 2020 reopening — Radio Pakistan via pakprpoint.com; Angoor Adda and Kharlachi are
    /// trade-only crossings, closed often for days at a time). The daytime hours below, 08:00–17:00 on each side's own
    /// clock — Chaman's trade hours before 2020 — are an <b>assumption</b>. Since Kabul's clock is half an hour behind
    /// Karachi's, the two gates are both open 08:30–17:00 Pakistan time (03:30–12:00 UTC).</item>
    /// </list>
    /// The weekly day reserved for pedestrians (Saturday at Torkham and Chaman in 2020) is not modelled.
    /// </remarks>
    public static IEnumerable<Crossing> All(DateTimeOffset now)
    {
        GateHours? roundTheClock = null;
        var daytime = new GateHours(new TimeOnly(8, 0), new TimeOnly(17, 0));
        // Torkham: designed for 2,400 trucks a day, carries 500–1,200.
        yield return Make("torkham", "Torkham", now, lanesOpen: 4, lanesMax: 6, perLaneHour: 6, roundTheClock,
            pkAuthority: "Pakistan — Torkham Border Terminal (Khyber, KP)", afAuthority: "Afghanistan — Torkham Port (Nangarhar)");
        yield return Make("chaman", "Chaman–Spin Boldak", now, lanesOpen: 3, lanesMax: 5, perLaneHour: 5, roundTheClock,
            pkAuthority: "Pakistan — Chaman Border Terminal (Balochistan)", afAuthority: "Afghanistan — Spin Boldak Port (Kandahar)");
        yield return Make("ghulam-khan", "Ghulam Khan", now, lanesOpen: 2, lanesMax: 3, perLaneHour: 4, daytime,
            pkAuthority: "Pakistan — Ghulam Khan (North Waziristan)", afAuthority: "Afghanistan — Ghulam Khan (Khost)");
        yield return Make("angoor-adda", "Angoor Adda", now, lanesOpen: 1, lanesMax: 2, perLaneHour: 4, daytime,
            pkAuthority: "Pakistan — Angoor Adda (South Waziristan)", afAuthority: "Afghanistan — Angoor Adda (Paktika)");
        yield return Make("kharlachi", "Kharlachi", now, lanesOpen: 1, lanesMax: 2, perLaneHour: 4, daytime,
            pkAuthority: "Pakistan — Kharlachi (Kurram)", afAuthority: "Afghanistan — Dand-e-Patan (Paktia)");
    }

    private static Crossing Make(string id, string name, DateTimeOffset now, int lanesOpen, int lanesMax, double perLaneHour, GateHours? hours, string pkAuthority, string afAuthority) => new()
    {
        Id = id,
        Name = name,
        MinimumNoticeHours = 24,
        NoShowMinutes = 20,
        UpdatedAt = now,
        Sides =
        [
            new CrossingSide { CrossingId = id, Side = Side.PK, Authority = pkAuthority, TimeZone = "Asia/Karachi", Hours = hours },
            new CrossingSide { CrossingId = id, Side = Side.AF, Authority = afAuthority, TimeZone = "Asia/Kabul", Hours = hours },
        ],
        Directions =
        [
            new CrossingDirection { CrossingId = id, Direction = Direction.PkToAf, LanesOpen = lanesOpen, LanesMax = lanesMax, TrucksPerLanePerHour = perLaneHour },
            new CrossingDirection { CrossingId = id, Direction = Direction.AfToPk, LanesOpen = lanesOpen, LanesMax = lanesMax, TrucksPerLanePerHour = perLaneHour },
        ],
    };
}
