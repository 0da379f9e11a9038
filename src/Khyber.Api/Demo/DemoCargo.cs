using Khyber.Domain;
using Khyber.Domain.Trucks;

namespace Khyber.Api.Demo;

/// <summary>Realistic consignments for each direction of the Pakistan–Afghanistan trade.</summary>
public static class DemoCargo
{
    public sealed record Kind(string Description, string HsCode, CargoCategory Category, decimal ValuePerTonne, double ShelfLifeHours, int Weight);

    // Pakistan → Afghanistan: cement, food staples, medicines, fruit and vegetables.
    public static readonly Kind[] PkToAf =
    [
        new("Portland cement, 50 kg bags", "252329", CargoCategory.General, 70m, 0, 12),
        new("Basmati rice", "100630", CargoCategory.General, 900m, 0, 8),
        new("Wheat flour", "110100", CargoCategory.General, 380m, 0, 8),
        new("Medicines, packaged for retail", "300490", CargoCategory.General, 12000m, 0, 2),
        new("Kinnow mandarins", "080521", CargoCategory.Perishable, 450m, 96, 6),
        new("Potatoes", "070190", CargoCategory.Perishable, 250m, 240, 5),
        new("Onions", "070310", CargoCategory.Perishable, 300m, 200, 5),
        new("Tomatoes", "070200", CargoCategory.Perishable, 500m, 72, 4),
        new("Fresh chicken, chilled", "020713", CargoCategory.Perishable, 2500m, 48, 1),
        new("Cooking oil", "151190", CargoCategory.General, 1100m, 0, 6),
        new("Steel bars", "721420", CargoCategory.General, 650m, 0, 4),
        new("WFP food aid: fortified wheat flour", "110100", CargoCategory.Humanitarian, 400m, 0, 2),
        new("Medical supplies for health centres", "300490", CargoCategory.Humanitarian, 9000m, 0, 1),
        new("Transit containers to Central Asia", "847130", CargoCategory.Transit, 3000m, 0, 3),
        new("Returning empty", "000000", CargoCategory.Empty, 0m, 0, 2),
    ];

    // Afghanistan → Pakistan: coal, fresh and dried fruit, vegetables, cotton, minerals.
    public static readonly Kind[] AfToPk =
    [
        new("Bituminous coal", "270112", CargoCategory.General, 120m, 0, 14),
        new("Fresh grapes", "080610", CargoCategory.Perishable, 900m, 72, 4),
        new("Pomegranates", "081090", CargoCategory.Perishable, 700m, 168, 4),
        new("Apples", "080810", CargoCategory.Perishable, 500m, 336, 3),
        new("Melons", "080719", CargoCategory.Perishable, 300m, 120, 3),
        new("Tomatoes", "070200", CargoCategory.Perishable, 450m, 72, 2),
        new("Onions", "070310", CargoCategory.Perishable, 280m, 200, 3),
        new("Raisins", "080620", CargoCategory.General, 2200m, 0, 3),
        new("Raw cotton", "520100", CargoCategory.General, 1600m, 0, 2),
        new("Talc", "252620", CargoCategory.General, 150m, 0, 3),
        new("Pine nuts", "080290", CargoCategory.General, 15000m, 0, 1),
        new("Returning empty", "000000", CargoCategory.Empty, 0m, 0, 3),
    ];

    public static readonly string[] PkDrivers =
    [
        "Muhammad Iqbal", "Gul Zaman", "Sher Afzal", "Abdul Wahid", "Noor Rehman", "Fazal Khan", "Imran Shah", "Javed Akhtar",
        "Zahid Hussain", "Rahim Ullah", "Shahid Afridi Khan", "Anwar Zeb", "Bakht Jamal", "Qaiser Khan", "Tariq Mehmood",
    ];

    public static readonly string[] AfDrivers =
    [
        "Abdul Rahman", "Gul Agha", "Mohammad Nabi", "Sayed Karim", "Ahmad Shah", "Najibullah", "Habibullah", "Zabihullah",
        "Rahmatullah", "Khan Mohammad", "Hekmatullah", "Noor Ahmad", "Abdul Qadir", "Sharafuddin", "Wali Mohammad",
    ];

    public static readonly string[] PkPlatePrefixes = ["PES", "LES", "KHI", "MDN", "QTA", "RWP"];

    public static readonly string[] AfPlatePrefixes = ["KBL", "NGR", "KDR", "HRT", "BLK", "KST"];

    /// <summary>A demo company with its registration and whom to call (addresses on the reserved .example domain).</summary>
    public sealed record DemoCarrier(string Id, string Name, string Country, string RegistrationNumber, string ContactName, string ContactPhone, string ContactEmail);

    /// <summary>The carriers of the demo users (the first two) and the others whose trucks make up the crowd.</summary>
    public static readonly DemoCarrier[] Carriers =
    [
        new("khyber-freight", "Khyber Freight Lines", "PK", "SECP-0091234", "Gul Zaman Afridi", "+923009112233", "dispatch@khyber-freight.example"),
        new("spin-ghar", "Spin Ghar Transport", "AF", "ACBR-1234567", "Abdul Wahid Shinwari", "+93700123456", "office@spin-ghar.example"),
        new("peshawar-goods", "Peshawar Goods Transport Co.", "PK", "SECP-0077345", "Imran Khattak", "+923339876543", "bookings@peshawar-goods.example"),
        new("ariana-logistics", "Ariana Logistics", "AF", "ACBR-2345678", "Farid Ahmadzai", "+93788456123", "ops@ariana-logistics.example"),
        new("kandahar-cargo", "Kandahar Cargo Services", "AF", "ACBR-3456789", "Nasir Achakzai", "+93799345678", "cargo@kandahar-cargo.example"),
        new("indus-haulage", "Indus Haulage", "PK", "SECP-0102938", "Saima Qureshi", "+923214567890", "haulage@indus-haulage.example"),
    ];
}
