using Khyber.Domain;
using Khyber.Domain.Commitments;
using Khyber.Domain.Incidents;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Khyber.Storage.Configurations;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.CrossingId).HasMaxLength(64);
        b.Property(x => x.Directions).HasConversion(ListConversion.Of<Direction>()).Metadata.SetValueComparer(ListConversion.Comparer<Direction>());
        b.Property(x => x.AllowedCategories).HasConversion(ListConversion.Of<CargoCategory>()).Metadata.SetValueComparer(ListConversion.Comparer<CargoCategory>());
        b.Property(x => x.Reason).HasMaxLength(NoticeRules.MaxReasonLength);
        b.Property(x => x.EmergencyJustification).HasMaxLength(NoticeRules.MaxReasonLength);
        b.Property(x => x.IssuedBy).HasMaxLength(256);
        b.Property(x => x.AcknowledgedBy).HasMaxLength(256);
        b.Property<long>(KhyberDb.VersionProperty).IsConcurrencyToken();
        b.HasIndex(x => new { x.CrossingId, x.EffectiveFrom });
        // Citations are part of the notice (always loaded with it); each points at a real incident or commitment.
        b.OwnsMany(x => x.CitedIncidents, c =>
        {
            c.ToTable("NoticeIncidentCitations");
            c.WithOwner().HasForeignKey("NoticeId");
            c.HasKey("NoticeId", nameof(NoticeIncidentCitation.IncidentId));
            c.HasOne<Incident>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Restrict);
            c.HasIndex(x => x.IncidentId);
        });
        b.OwnsMany(x => x.CitedCommitments, c =>
        {
            c.ToTable("NoticeCommitmentCitations");
            c.WithOwner().HasForeignKey("NoticeId");
            c.HasKey("NoticeId", nameof(NoticeCommitmentCitation.CommitmentId));
            c.HasOne<Commitment>().WithMany().HasForeignKey(x => x.CommitmentId).OnDelete(DeleteBehavior.Restrict);
            c.HasIndex(x => x.CommitmentId);
        });
    }
}

/// <summary>A short list of enum values stored as one comma-separated column.</summary>
internal static class ListConversion
{
    public static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<List<T>, string> Of<T>()
        where T : struct, Enum => new(
            v => string.Join(',', v.Select(x => x.ToString())),
            v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<T>).ToList());

    public static ValueComparer<List<T>> Comparer<T>()
        where T : struct, Enum => new(
            (a, b) => (a == null && b == null) || (a != null && b != null && a.SequenceEqual(b)),
            v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)),
            v => v.ToList());
}
