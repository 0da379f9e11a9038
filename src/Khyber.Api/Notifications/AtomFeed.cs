using System.Globalization;
using System.Text;
using System.Xml;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notifications;

/// <summary>An Atom feed of a crossing's notices, for feed readers and systems that poll.</summary>
public static class AtomFeed
{
    public static IEndpointRouteBuilder MapAtomFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/crossings/{id}/feed.atom", async (string id, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct) =>
            {
                var crossing = await db.Crossings.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw Problems.NotFound($"No crossing '{id}'.");
                var notices = await db.Notices.AsNoTracking().Where(n => n.CrossingId == id).ToListAsync(ct);
                var now = time.GetUtcNow();
                var self = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}";
                return Results.Text(Write(crossing.Id, crossing.Name, self, notices, now), "application/atom+xml", Encoding.UTF8);
            })
            .PublicCache()
            .WithTags("Notifications")
            .WithName("NoticeFeed")
            .WithSummary("Atom feed of a crossing's notices, newest first.")
            .Produces<string>(StatusCodes.Status200OK, "application/atom+xml")
            .Refuses(404);
        return app;
    }

    public static string Write(string crossingId, string crossingName, string self, IReadOnlyCollection<Notice> notices, DateTimeOffset now)
    {
        var latest = notices.OrderByDescending(n => n.IssuedAt).Take(50).ToList();
        // The declaration names the encoding the text is sent in (a StringWriter would say UTF-16).
        var output = new Utf8StringWriter();
        // XmlWriter escapes every text it writes: a reason is always text, never markup.
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
        {
            xml.WriteStartElement("feed", "http://www.w3.org/2005/Atom");
            xml.WriteElementString("id", $"urn:khyber:crossing:{crossingId}:notices");
            xml.WriteElementString("title", $"Khyber — notices for {crossingName}");
            xml.WriteElementString("updated", Stamp(latest.FirstOrDefault()?.IssuedAt ?? now));
            xml.WriteStartElement("link");
            xml.WriteAttributeString("rel", "self");
            xml.WriteAttributeString("href", self);
            xml.WriteEndElement();
            xml.WriteStartElement("author");
            xml.WriteElementString("name", "Khyber");
            xml.WriteEndElement();
            foreach (var n in latest)
            {
                var status = GateTimeline.StatusOf(n, notices, now, out _);
                xml.WriteStartElement("entry");
                xml.WriteElementString("id", $"urn:uuid:{n.Id}");
                xml.WriteElementString("title", $"{n.Side} {Verb(n.GateState)} {crossingName} ({string.Join(", ", n.Directions.Select(d => d.Id()))}) from {n.EffectiveFrom.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
                xml.WriteElementString("updated", Stamp(n.AcknowledgedAt ?? n.IssuedAt));
                xml.WriteElementString("published", Stamp(n.IssuedAt));
                xml.WriteStartElement("author");
                xml.WriteElementString("name", $"{n.Side} — {n.IssuedBy}");
                xml.WriteEndElement();
                xml.WriteStartElement("category");
                xml.WriteAttributeString("term", Kebab(n.ReasonCategory.ToString()));
                xml.WriteEndElement();
                xml.WriteStartElement("content");
                xml.WriteAttributeString("type", "text");
                var text = new StringBuilder()
                    .Append(CultureInfo.InvariantCulture, $"Gate: {n.GateState.ToString().ToLowerInvariant()}. Reason ({Kebab(n.ReasonCategory.ToString())}): {Sentence(n.Reason ?? "—")} ")
                    .Append(CultureInfo.InvariantCulture, $"Effective {Stamp(n.EffectiveFrom)}")
                    .Append(n.ExpectedUntil is { } until ? $", expected until {Stamp(until)}. " : ", no end announced. ")
                    .Append(n.Emergency ? $"Emergency: {Sentence(n.EmergencyJustification ?? "")} " : "")
                    .Append(n.AcknowledgedAt is { } ack ? $"Acknowledged by {n.AcknowledgedBy} at {Stamp(ack)}. " : $"Not yet acknowledged by {n.Side.Other()}. ")
                    .Append(CultureInfo.InvariantCulture, $"Status: {Kebab(status.ToString())}.");
                xml.WriteString(text.ToString());
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return output.ToString();
    }

    private static string Verb(GateState state) => state switch
    {
        GateState.Closed => "closes",
        GateState.Restricted => "restricts",
        _ => "opens",
    };

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Kebab(string pascal) => Domain.Kebab.Word(pascal);

    /// <summary>Text as a sentence: ended by a full stop unless it already ends in one (or in ! or ?).</summary>
    private static string Sentence(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or '۔' ? trimmed : trimmed + ".";
    }

    private sealed class Utf8StringWriter() : StringWriter(CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
