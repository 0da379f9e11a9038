using Khyber.Domain.Sms;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

public sealed class DriverPhoneTests
{
    [Theory]
    [InlineData("+93 70 123 4567", null, "+93701234567")]
    [InlineData("0093 70 123 4567", "PK", "+93701234567")]
    [InlineData("0701234567", "AF", "+93701234567")]
    [InlineData("0300 1234567", "PK", "+923001234567")]
    [InlineData("+92 (300) 123-4567", "AF", "+923001234567")]
    [InlineData("+98 912 345 6789", "PK", "+989123456789")]
    [InlineData("+44 7911 123456", "PK", "+447911123456")]
    public void Mobile_numbers_of_every_country_are_kept_in_E164(string written, string? country, string e164)
    {
        Assert.Equal(e164, DriverPhone.Parse(written, country, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("+92 42 35761234", "Not a mobile number")]
    [InlineData("+93 20 230 1234", "Not a mobile number")]
    [InlineData("12345", "Not a")]
    [InlineData("+93 70 123", "Not a valid")]
    [InlineData("call me", "A mobile number")]
    [InlineData("", "A mobile number")]
    [InlineData("+٩٢٣٠٠١٢٣٤٥٦٧", "A mobile number")]
    public void Landlines_and_malformed_numbers_are_refused_with_the_reason(string written, string reason)
    {
        Assert.Null(DriverPhone.Parse(written, "PK", out var error));
        Assert.True(error?.StartsWith(reason, StringComparison.Ordinal), error);
    }

    [Fact]
    public void A_number_without_a_chosen_language_gets_its_countrys()
    {
        var errors = new FieldErrors();
        var draft = new TruckDraft("torkham", "PK-AF", "PES1234", "PK", "Gul Zaman", "PK1234567", "Cement", "252329", "general", 1m, 1m, null, null, "+93 70 123 4567");
        Assert.Equal(DriverLanguage.Ps, TruckRules.Validate(draft, DateTimeOffset.UnixEpoch, errors)!.DriverLanguage);
        Assert.Equal(DriverLanguage.Ur, TruckRules.Validate(draft with { DriverPhone = "03001234567" }, DateTimeOffset.UnixEpoch, errors)!.DriverLanguage);
        Assert.Equal(DriverLanguage.FaAf, TruckRules.Validate(draft with { DriverLanguage = "FA-af" }, DateTimeOffset.UnixEpoch, errors)!.DriverLanguage);
        Assert.False(errors.Any);
        Assert.Null(TruckRules.Validate(draft with { DriverLanguage = "fa" }, DateTimeOffset.UnixEpoch, errors));
        Assert.Equal("driver.language", Assert.Single(errors.All).Field);
    }

    [Fact]
    public void Delivery_reports_only_move_a_message_forward()
    {
        var now = DateTimeOffset.UnixEpoch;
        var m = SmsMessage.Create("called:x", null, DriverMessageKind.CalledForward, "+93701234567", DriverLanguage.Ps, "سلام", now, now.AddHours(1));
        m.Claim(now.AddMinutes(10));
        m.Report(1, null, now.AddSeconds(1));
        m.Report(8, "ACK/", now.AddSeconds(2));
        m.Accepted(now.AddSeconds(3));
        Assert.Equal(SmsStatus.Delivered, m.Status);
        Assert.Equal(now.AddSeconds(1), m.DeliveredAt);
    }

    [Fact]
    public void A_claim_that_runs_out_unanswered_goes_again_but_a_reported_one_does_not()
    {
        var now = DateTimeOffset.UnixEpoch;
        var silent = SmsMessage.Create("a", null, DriverMessageKind.Help, "+93701234567", DriverLanguage.En, "Hi", now, now.AddHours(1));
        silent.Claim(now.AddMinutes(10));
        Assert.False(silent.ClaimExpired(now.AddMinutes(9)));
        Assert.True(silent.ClaimExpired(now.AddMinutes(10)));
        Assert.True(silent.IsDue(now.AddMinutes(10)));

        var reported = SmsMessage.Create("b", null, DriverMessageKind.Help, "+93701234567", DriverLanguage.En, "Hi", now, now.AddHours(1));
        reported.Claim(now.AddMinutes(10));
        reported.Report(8, "ACK/", now.AddMinutes(1));
        Assert.False(reported.ClaimExpired(now.AddMinutes(20)));
        Assert.Equal(SmsStatus.Sent, reported.Status);
    }
}
