using System.Globalization;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Sms;

/// <summary>What a text to a driver is about.</summary>
public enum DriverMessageKind
{
    /// <summary>The truck is registered: its tracking code, and how to ask.</summary>
    Registered,

    /// <summary>Called forward: the gate, when, and the no-show deadline.</summary>
    CalledForward,

    /// <summary>Half-way to the no-show deadline and not yet at the gate.</summary>
    NoShowWarning,

    /// <summary>The truck's direction closed while it waits.</summary>
    DirectionClosed,

    /// <summary>The truck's direction reopened.</summary>
    DirectionReopened,

    /// <summary>
    /// The direction closed after the truck was called and before its no-show deadline: it keeps its place, and its
    /// deadline starts again on reopening. The queue rule decides when; this is the message it sends.
    /// </summary>
    ClosedAfterCall,

    /// <summary>A perishable's spoil time came while it waited: it left the queue.</summary>
    SpoilTimeReached,

    /// <summary>The answer to a driver's question: position, estimated call, the state of the direction.</summary>
    Answer,

    /// <summary>How to ask, to a number that asked something Khyber cannot answer it.</summary>
    Help,
}

/// <summary>The truck and place a message speaks of, and the zone its times are told in (the departure side's: where the driver waits).</summary>
public sealed record MessagePlace(string Plate, string CrossingId, string CrossingName, Side Gate, TimeZoneInfo Zone);

/// <summary>The state of the truck's direction as an answer tells it.</summary>
public sealed record DirectionNow(GateState State, DateTimeOffset? ExpectedUntil);

/// <summary>
/// The texts sent to drivers, in English, Urdu, Pashto and Dari; each fits in <see cref="SmsText.MaxParts"/> SMS parts
/// whatever the plate and crossing (a unit test per message and language holds them to it).
/// </summary>
/// <remarks>
/// Times are the local time of the side where the truck waits, digits are Latin (as phones show plates and times),
/// and crossings are named in the driver's script. Urdu, Pashto and Dari go as UCS-2 — 70 characters in one SMS, 134
/// in two — so their texts are written short.
/// </remarks>
public static class DriverTexts
{
    public static string Registered(DriverLanguage l, MessagePlace p, string code) =>
        Fill(Of(l).Registered, l, p, ("code", code));

    public static string CalledForward(DriverLanguage l, MessagePlace p, DateTimeOffset calledAt, DateTimeOffset deadline) =>
        Fill(Of(l).CalledForward, l, p, ("gate", Of(l).Gates[(int)p.Gate]), ("at", Time(calledAt, p)), ("deadline", Time(deadline, p)));

    public static string NoShowWarning(DriverLanguage l, MessagePlace p, DateTimeOffset deadline) =>
        Fill(Of(l).NoShowWarning, l, p, ("deadline", Time(deadline, p)));

    public static string DirectionClosed(DriverLanguage l, MessagePlace p, ReasonCategory? reason, DateTimeOffset? expectedUntil) =>
        Fill(Of(l).DirectionClosed, l, p, ("reason", Reason(l, reason)), ("until", Until(l, p, expectedUntil)));

    public static string DirectionReopened(DriverLanguage l, MessagePlace p) => Fill(Of(l).DirectionReopened, l, p);

    public static string ClosedAfterCall(DriverLanguage l, MessagePlace p, ReasonCategory? reason, DateTimeOffset? expectedUntil) =>
        Fill(Of(l).ClosedAfterCall, l, p, ("reason", Reason(l, reason)), ("until", Until(l, p, expectedUntil)));

    public static string SpoilTimeReached(DriverLanguage l, MessagePlace p) => Fill(Of(l).SpoilTimeReached, l, p);

    /// <summary>Where the truck stands: its place and estimated call while it waits, its deadline once called, else its status.</summary>
    public static string Answer(DriverLanguage l, MessagePlace p, TruckStatus status, int? position, DateTimeOffset? estimatedCallAt, DateTimeOffset? deadline, DirectionNow direction)
    {
        var w = Of(l);
        var state = w.States[(int)direction.State]
            + (direction.State != GateState.Open && direction.ExpectedUntil is { } until ? " " + w.ReopensAt.Replace("{until}", Stamp(until, p), StringComparison.Ordinal) : "");
        return status switch
        {
            TruckStatus.Waiting => Fill(w.AnswerWaiting, l, p, ("position", (position ?? 0).ToString(CultureInfo.InvariantCulture)),
                ("eta", estimatedCallAt is { } eta ? Stamp(eta, p) : w.NoEstimate), ("state", state)),
            TruckStatus.Called when deadline is { } d => Fill(w.AnswerCalled, l, p, ("deadline", Time(d, p)), ("state", state)),
            TruckStatus.Registered => Fill(w.AnswerRegistered, l, p, ("state", state)),
            _ => Fill(w.AnswerOther, l, p, ("status", w.Statuses.GetValueOrDefault(status, status.ToString()))),
        };
    }

    public static string Help(DriverLanguage l) => Of(l).Help;

    /// <summary>Most characters of a crossing's name a text spends on it.</summary>
    public const int MaxCrossingName = 16;

    /// <summary>
    /// The crossing's name in the driver's script, when Khyber knows it; else its own name, cut to
    /// <see cref="MaxCrossingName"/> and, in English, kept to the GSM alphabet (one en dash would make the whole
    /// text UCS-2 and halve what fits).
    /// </summary>
    public static string CrossingName(DriverLanguage l, string crossingId, string name)
    {
        if (l != DriverLanguage.En && LocalNames.TryGetValue(crossingId, out var local))
        {
            return local[l == DriverLanguage.Ur ? 0 : l == DriverLanguage.Ps ? 1 : 2];
        }
        var shown = l == DriverLanguage.En ? SmsText.ToGsm(name) : name;
        return shown.Length > MaxCrossingName ? shown[..MaxCrossingName].TrimEnd() : shown;
    }

    private static readonly Dictionary<string, string[]> LocalNames = new()
    {
        // Urdu, Pashto, Dari.
        ["torkham"] = ["طورخم", "تورخم", "تورخم"],
        ["chaman"] = ["چمن", "چمن", "چمن"],
        ["ghulam-khan"] = ["غلام خان", "غلام خان", "غلام خان"],
        ["angoor-adda"] = ["انگور اڈہ", "انګور اډه", "انگور اډه"],
        ["kharlachi"] = ["خرلاچی", "خرلاچي", "خرلاچی"],
    };

    private static string Fill(string template, DriverLanguage l, MessagePlace p, params (string Name, string Value)[] values)
    {
        var text = template
            .Replace("{plate}", p.Plate, StringComparison.Ordinal)
            .Replace("{crossing}", CrossingName(l, p.CrossingId, p.CrossingName), StringComparison.Ordinal);
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }
        return text;
    }

    private static string Time(DateTimeOffset at, MessagePlace p) =>
        TimeZoneInfo.ConvertTime(at, p.Zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset at, MessagePlace p) =>
        TimeZoneInfo.ConvertTime(at, p.Zone).ToString("dd/MM HH:mm", CultureInfo.InvariantCulture);

    private static string Until(DriverLanguage l, MessagePlace p, DateTimeOffset? until) => until is { } u ? Stamp(u, p) : Of(l).Unknown;

    private static string Reason(DriverLanguage l, ReasonCategory? reason) => Of(l).Reasons[(int)(reason ?? ReasonCategory.Other)];

    private static Words Of(DriverLanguage l) => l switch
    {
        DriverLanguage.Ur => Urdu,
        DriverLanguage.Ps => Pashto,
        DriverLanguage.FaAf => Dari,
        _ => English,
    };

    /// <summary>One language's texts. Gates are indexed by <see cref="Side"/>, states by <see cref="GateState"/>, reasons by <see cref="ReasonCategory"/>.</summary>
    private sealed record Words(
        string Registered,
        string CalledForward,
        string NoShowWarning,
        string DirectionClosed,
        string DirectionReopened,
        string ClosedAfterCall,
        string SpoilTimeReached,
        string AnswerWaiting,
        string AnswerCalled,
        string AnswerRegistered,
        string AnswerOther,
        string Help,
        string[] Gates,
        string[] States,
        string ReopensAt,
        string NoEstimate,
        string Unknown,
        string[] Reasons,
        Dictionary<TruckStatus, string> Statuses);

    private static readonly Words English = new(
        Registered: "Khyber: truck {plate} is registered for {crossing}. Tracking code {code}. Text STATUS to this number to hear your place in the queue.",
        CalledForward: "Khyber: {plate} is called forward at {crossing}, {gate} gate, at {at}. Report now. Deadline {deadline}; after it you go to the back of the queue.",
        NoShowWarning: "Khyber: {plate}, you were called forward at {crossing} and have not reported. Deadline {deadline}; after it you go to the back of the queue.",
        DirectionClosed: "Khyber: {crossing} is closed for your direction ({reason}). Expected to reopen {until}. {plate} keeps its place in the queue.",
        DirectionReopened: "Khyber: {crossing} has reopened for your direction. {plate} keeps its place in the queue; wait to be called.",
        ClosedAfterCall: "Khyber: {crossing} closed ({reason}) after {plate} was called. You keep your place; a new deadline starts when it reopens (expected {until}).",
        SpoilTimeReached: "Khyber: the cargo of {plate} has reached its spoil time and the truck has left the queue at {crossing}. Ask your carrier what to do.",
        AnswerWaiting: "Khyber: {plate} at {crossing}: place {position} in the queue, call expected {eta}. Direction {state}.",
        AnswerCalled: "Khyber: {plate} is called forward at {crossing}. Report by {deadline}. Direction {state}.",
        AnswerRegistered: "Khyber: {plate} at {crossing} is registered but not checked in at the waiting area. Direction {state}.",
        AnswerOther: "Khyber: {plate} at {crossing}: {status}.",
        Help: "Khyber: text STATUS, your plate or your tracking code from the phone number your carrier registered for the truck.",
        Gates: ["Pakistan", "Afghanistan"],
        States: ["open", "restricted", "closed"],
        ReopensAt: "(reopening expected {until})",
        NoEstimate: "unknown",
        Unknown: "not yet known",
        Reasons: ["security", "political", "commitment dispute", "infrastructure", "weather", "health", "customs system", "other"],
        Statuses: new()
        {
            [TruckStatus.Exited] = "left through the gate",
            [TruckStatus.Entered] = "has crossed",
            [TruckStatus.Rejected] = "turned away",
            [TruckStatus.Cancelled] = "registration cancelled",
            [TruckStatus.Spoiled] = "cargo spoiled, out of the queue",
        });

    private static readonly Words Urdu = new(
        Registered: "خیبر: ٹرک {plate} {crossing} کے لیے رجسٹر ہو گیا۔ ٹریکنگ کوڈ {code}۔ قطار میں اپنی جگہ جاننے کو STATUS لکھ بھیجیں۔",
        CalledForward: "خیبر: {plate} کو {crossing} پر {gate} گیٹ {at} بجے بلایا گیا۔ ابھی پہنچیں۔ آخری وقت {deadline}، ورنہ قطار کے آخر میں۔",
        NoShowWarning: "خیبر: {plate}، آپ کو {crossing} پر بلایا گیا تھا۔ {deadline} تک گیٹ پہنچیں، ورنہ قطار کے آخر میں جائیں گے۔",
        DirectionClosed: "خیبر: {crossing} آپ کی سمت میں بند ہے ({reason})۔ کھلنے کی توقع {until}۔ {plate} کی قطار میں جگہ برقرار ہے۔",
        DirectionReopened: "خیبر: {crossing} آپ کی سمت کے لیے دوبارہ کھل گیا۔ {plate} کی جگہ برقرار ہے، بلاوے کا انتظار کریں۔",
        ClosedAfterCall: "خیبر: {plate} کے بلاوے کے بعد {crossing} بند ہوا ({reason})۔ جگہ برقرار ہے، کھلنے پر نیا آخری وقت ({until})۔",
        SpoilTimeReached: "خیبر: {plate} کا مال خراب ہونے کے وقت کو پہنچ گیا، ٹرک {crossing} کی قطار سے نکل گیا۔ اپنی کمپنی سے بات کریں۔",
        AnswerWaiting: "خیبر: {plate}، {crossing}: قطار میں نمبر {position}، متوقع بلاوا {eta}۔ سمت: {state}۔",
        AnswerCalled: "خیبر: {plate} کو {crossing} پر بلایا گیا ہے۔ {deadline} تک پہنچیں۔ سمت: {state}۔",
        AnswerRegistered: "خیبر: {plate}، {crossing}: رجسٹرڈ ہے مگر انتظار گاہ میں چیک اِن نہیں۔ سمت: {state}۔",
        AnswerOther: "خیبر: {plate}، {crossing}: {status}۔",
        Help: "خیبر: کمپنی کے رجسٹر کیے گئے نمبر سے STATUS، گاڑی کا نمبر یا ٹریکنگ کوڈ بھیجیں۔",
        Gates: ["پاکستانی", "افغان"],
        States: ["کھلی", "محدود", "بند"],
        ReopensAt: "(کھلنے کی توقع {until})",
        NoEstimate: "نامعلوم",
        Unknown: "نامعلوم",
        Reasons: ["سیکیورٹی", "سیاسی", "وعدے پر تنازع", "انفراسٹرکچر", "موسم", "صحت", "کسٹمز نظام", "دیگر"],
        Statuses: new()
        {
            [TruckStatus.Exited] = "گیٹ سے نکل گیا",
            [TruckStatus.Entered] = "سرحد پار کر گیا",
            [TruckStatus.Rejected] = "واپس کر دیا گیا",
            [TruckStatus.Cancelled] = "رجسٹریشن منسوخ",
            [TruckStatus.Spoiled] = "مال خراب، قطار سے باہر",
        });

    private static readonly Words Pashto = new(
        Registered: "خیبر: لارۍ {plate} د {crossing} لپاره ثبت شوه. د تعقیب کوډ {code}. په قطار کې د خپل ځای لپاره STATUS راولېږئ.",
        CalledForward: "خیبر: {plate} په {crossing} کې {gate} دروازې ته {at} رابلل شوه. اوس راشئ. وروستی وخت {deadline}، که نه د قطار پای ته.",
        NoShowWarning: "خیبر: {plate}، تاسو په {crossing} کې رابلل شوي یاست. تر {deadline} پورې دروازې ته راشئ، که نه د قطار پای ته ځئ.",
        DirectionClosed: "خیبر: {crossing} ستاسو لوري ته بند دی ({reason}). د پرانیستو تمه {until}. {plate} په قطار کې خپل ځای ساتي.",
        DirectionReopened: "خیبر: {crossing} ستاسو د لوري لپاره بیا پرانیستل شو. {plate} خپل ځای ساتي، د رابللو انتظار وکړئ.",
        ClosedAfterCall: "خیبر: {plate} له رابللو وروسته {crossing} بند شو ({reason}). ځای مو خوندي دی، په پرانیستو نوی وخت ({until}).",
        SpoilTimeReached: "خیبر: د {plate} مال د خرابېدو وخت ته ورسېد، لارۍ د {crossing} له قطار ووته. له خپل شرکت سره اړیکه ونیسئ.",
        AnswerWaiting: "خیبر: {plate}، {crossing}: په قطار کې ځای {position}، د رابللو اټکل {eta}. لوری: {state}.",
        AnswerCalled: "خیبر: {plate} په {crossing} کې رابلل شوې. تر {deadline} پورې راشئ. لوری: {state}.",
        AnswerRegistered: "خیبر: {plate}، {crossing}: ثبت ده خو د انتظار ځای ته نه ده راغلې. لوری: {state}.",
        AnswerOther: "خیبر: {plate}، {crossing}: {status}.",
        Help: "خیبر: له هغې شمېرې چې شرکت مو ثبت کړې، STATUS، د لارۍ نمبر یا د تعقیب کوډ راولېږئ.",
        Gates: ["پاکستاني", "افغان"],
        States: ["خلاص", "محدود", "بند"],
        ReopensAt: "(د پرانیستو تمه {until})",
        NoEstimate: "نامعلوم",
        Unknown: "نامعلوم",
        Reasons: ["امنیتي", "سیاسي", "د ژمنې شخړه", "زیربنا", "هوا", "روغتیا", "د ګمرک سیستم", "نور"],
        Statuses: new()
        {
            [TruckStatus.Exited] = "له دروازې ووته",
            [TruckStatus.Entered] = "پوله یې تېره کړه",
            [TruckStatus.Rejected] = "بېرته وګرځول شوه",
            [TruckStatus.Cancelled] = "ثبت لغوه شو",
            [TruckStatus.Spoiled] = "مال خراب شو، له قطار ووته",
        });

    private static readonly Words Dari = new(
        Registered: "خیبر: موتر {plate} برای {crossing} ثبت شد. کود تعقیب {code}. برای دانستن جای خود در صف STATUS بفرستید.",
        CalledForward: "خیبر: {plate} در {crossing} به دروازه {gate} ساعت {at} فراخوانده شد. همین حالا بیایید. مهلت {deadline}، ورنه آخر صف.",
        NoShowWarning: "خیبر: {plate}، شما در {crossing} فراخوانده شده‌اید. تا {deadline} به دروازه بیایید، ورنه به آخر صف می‌روید.",
        DirectionClosed: "خیبر: {crossing} برای مسیر شما بسته است ({reason}). بازگشایی {until}. {plate} جای خود را در صف نگه می‌دارد.",
        DirectionReopened: "خیبر: {crossing} برای مسیر شما دوباره باز شد. {plate} جای خود را نگه می‌دارد، منتظر فراخوان باشید.",
        ClosedAfterCall: "خیبر: پس از فراخوان {plate}، {crossing} بسته شد ({reason}). جای شما محفوظ، با بازگشایی مهلت تازه ({until}).",
        SpoilTimeReached: "خیبر: بار {plate} به زمان خراب‌شدن رسید و موتر از صف {crossing} خارج شد. با شرکت خود تماس بگیرید.",
        AnswerWaiting: "خیبر: {plate}، {crossing}: جای {position} در صف، فراخوان تخمینی {eta}. مسیر: {state}.",
        AnswerCalled: "خیبر: {plate} در {crossing} فراخوانده شده است. تا {deadline} بیایید. مسیر: {state}.",
        AnswerRegistered: "خیبر: {plate}، {crossing}: ثبت شده ولی در محل انتظار حاضر نشده. مسیر: {state}.",
        AnswerOther: "خیبر: {plate}، {crossing}: {status}.",
        Help: "خیبر: از شماره‌ای که شرکت شما ثبت کرده، STATUS، نمبر پلیت یا کود تعقیب را بفرستید.",
        Gates: ["پاکستان", "افغانستان"],
        States: ["باز", "محدود", "بسته"],
        ReopensAt: "(انتظار بازگشایی {until})",
        NoEstimate: "نامعلوم",
        Unknown: "نامعلوم",
        Reasons: ["امنیتی", "سیاسی", "اختلاف بر تعهد", "زیربنا", "آب‌وهوا", "صحت", "سیستم گمرک", "دیگر"],
        Statuses: new()
        {
            [TruckStatus.Exited] = "از دروازه خارج شد",
            [TruckStatus.Entered] = "از مرز گذشت",
            [TruckStatus.Rejected] = "برگردانده شد",
            [TruckStatus.Cancelled] = "ثبت لغو شد",
            [TruckStatus.Spoiled] = "بار خراب شد، بیرون از صف",
        });
}
