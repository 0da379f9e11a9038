using Khyber.Domain.Notices;
using Khyber.Domain.Sms;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

/// <summary>Every driver message in every language fits in two SMS parts, in the worst case of plate, crossing and times.</summary>
public sealed class DriverTextTests
{
    private static readonly TimeZoneInfo Kabul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kabul");
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    /// <summary>The longest plate the rules allow, and the longest crossing name (a name Khyber has no local form of, cut to 20).</summary>
    private static readonly MessagePlace[] Places =
    [
        new("ABCDEFGHIJKLMNO", "angoor-adda", "Angoor Adda", Side.AF, Kabul),
        new("ABCDEFGHIJKLMNO", "chaman", "Chaman–Spin Boldak", Side.AF, Kabul),
        new("ABCDEFGHIJKLMNO", "new-crossing", "A crossing whose name is far too long for a text", Side.PK, Kabul),
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in Enum.GetNames<DriverMessageKind>())
        {
            foreach (var language in new[] { "en", "ur", "ps", "fa-AF" })
            {
                data.Add(kind, language);
            }
        }
        return data;
    }

    /// <summary>Every text of one kind in one language: each place, each reason, each answer state.</summary>
    private static IEnumerable<string> Texts(DriverMessageKind kind, DriverLanguage l)
    {
        foreach (var p in Places)
        {
            switch (kind)
            {
                case DriverMessageKind.Registered:
                    yield return DriverTexts.Registered(l, p, "K7QX2M9P");
                    break;
                case DriverMessageKind.CalledForward:
                    yield return DriverTexts.CalledForward(l, p, Now, Now.AddMinutes(20));
                    break;
                case DriverMessageKind.NoShowWarning:
                    yield return DriverTexts.NoShowWarning(l, p, Now.AddMinutes(20));
                    break;
                case DriverMessageKind.DirectionClosed or DriverMessageKind.ClosedAfterCall:
                    foreach (var reason in Enum.GetValues<ReasonCategory>())
                    {
                        foreach (DateTimeOffset? until in new DateTimeOffset?[] { null, Now.AddDays(3) })
                        {
                            yield return kind == DriverMessageKind.DirectionClosed
                                ? DriverTexts.DirectionClosed(l, p, reason, until)
                                : DriverTexts.ClosedAfterCall(l, p, reason, until);
                        }
                    }
                    break;
                case DriverMessageKind.DirectionReopened:
                    yield return DriverTexts.DirectionReopened(l, p);
                    break;
                case DriverMessageKind.SpoilTimeReached:
                    yield return DriverTexts.SpoilTimeReached(l, p);
                    break;
                case DriverMessageKind.Answer:
                    foreach (var status in Enum.GetValues<TruckStatus>())
                    {
                        foreach (var state in Enum.GetValues<GateState>())
                        {
                            var direction = new DirectionNow(state, Now.AddDays(2));
                            yield return DriverTexts.Answer(l, p, status, 12345, state == GateState.Closed ? null : Now.AddHours(30), Now.AddMinutes(20), direction);
                        }
                    }
                    break;
                case DriverMessageKind.Help:
                    yield return DriverTexts.Help(l);
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_message_fits_in_two_parts(string kind, string language)
    {
        Assert.True(DriverLanguages.TryParse(language, out var l));
        var k = Enum.Parse<DriverMessageKind>(kind);
        foreach (var text in Texts(k, l))
        {
            var size = SmsText.Measure(text);
            Assert.True(size.Parts <= SmsText.MaxParts, $"{kind}/{language}: {size.Units} units in {size.Encoding} = {size.Parts} parts: {text}");
            // English stays in the GSM alphabet; the other three are UCS-2.
            Assert.Equal(l == DriverLanguage.En ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2, size.Encoding);
            Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_called_forward_text_names_the_plate_the_gate_and_the_deadline_in_local_time()
    {
        var text = DriverTexts.CalledForward(DriverLanguage.Ps, new MessagePlace("PES1234", "torkham", "Torkham", Side.AF, Kabul), Now, Now.AddMinutes(20));
        Assert.Contains("PES1234", text, StringComparison.Ordinal);
        Assert.Contains("تورخم", text, StringComparison.Ordinal);
        Assert.Contains("افغان", text, StringComparison.Ordinal);
        // 06:20 UTC is 10:50 in Kabul (UTC+4:30).
        Assert.Contains("10:50", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hello", SmsEncoding.Gsm7, 5, 1)]
    [InlineData("{}", SmsEncoding.Gsm7, 4, 1)]
    [InlineData("سلام", SmsEncoding.Ucs2, 4, 1)]
    public void Texts_are_measured_as_the_network_carries_them(string text, SmsEncoding encoding, int units, int parts) =>
        Assert.Equal(new SmsSize(encoding, units, parts), SmsText.Measure(text));

    [Fact]
    public void Long_texts_are_split_at_153_gsm_or_67_ucs2_characters_per_part()
    {
        Assert.Equal(1, SmsText.Measure(new string('a', 160)).Parts);
        Assert.Equal(2, SmsText.Measure(new string('a', 161)).Parts);
        Assert.Equal(2, SmsText.Measure(new string('a', 306)).Parts);
        Assert.Equal(3, SmsText.Measure(new string('a', 307)).Parts);
        Assert.Equal(1, SmsText.Measure(new string('س', 70)).Parts);
        Assert.Equal(2, SmsText.Measure(new string('س', 71)).Parts);
        Assert.Equal(2, SmsText.Measure(new string('س', 134)).Parts);
        Assert.Equal(3, SmsText.Measure(new string('س', 135)).Parts);
    }

    [Theory]
    [InlineData("status", QuestionKind.Status, null)]
    [InlineData("  Status? ", QuestionKind.Status, null)]
    [InlineData("حالت", QuestionKind.Status, null)]
    [InlineData("", QuestionKind.Status, null)]
    [InlineData("PES 1234", QuestionKind.Plate, "PES1234")]
    [InlineData("status pes-1234", QuestionKind.Plate, "PES1234")]
    [InlineData("k7qx 2m9p", QuestionKind.Code, "K7QX2M9P")]
    [InlineData("help", QuestionKind.Help, null)]
    [InlineData("where is my truck please tell me now", QuestionKind.Help, null)]
    public void A_drivers_text_is_read_as_a_question(string text, QuestionKind kind, string? subject) =>
        Assert.Equal(new DriverQuestion(kind, subject), DriverQuestions.Read(text));

    [Fact]
    public void Tracking_codes_are_eight_characters_without_look_alikes_and_read_back_however_typed()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => TrackingCode.New()).ToList();
        Assert.All(codes, c => Assert.Equal(8, c.Length));
        Assert.All(codes, c => Assert.DoesNotContain(c, ch => "01ILOU".Contains(ch)));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal(codes[0], TrackingCode.Normalize(codes[0].ToLowerInvariant()[..4] + "-" + codes[0][4..]));
        Assert.Null(TrackingCode.Normalize("K7QX2M9O"));
        Assert.Null(TrackingCode.Normalize("K7QX2M9"));
    }
}
