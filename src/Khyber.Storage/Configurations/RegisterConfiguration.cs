using System.Text.Json;
using Khyber.Domain.Commitments;
using Khyber.Domain.Crossings;
using Khyber.Domain.Incidents;
using Khyber.Domain.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Khyber.Storage.Configurations;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.CrossingId).HasMaxLength(64);
        b.HasOne<Crossing>().WithMany().HasForeignKey(x => x.CrossingId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Description).HasMaxLength(IncidentRules.MaxDescriptionLength);
        b.Property(x => x.LoggedBy).HasMaxLength(256);
        b.Property<long>(KhyberDb.VersionProperty).IsConcurrencyToken();
        b.Ignore(x => x.Stance);
        b.HasMany(x => x.Casualties).WithOne().HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Responses).WithOne().HasForeignKey(r => r.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Casualties).AutoInclude();
        b.Navigation(x => x.Responses).AutoInclude();
        b.HasIndex(x => new { x.CrossingId, x.OccurredAt });
        b.HasIndex(x => x.OccurredAt);
    }
}

internal sealed class IncidentCasualtyConfiguration : IEntityTypeConfiguration<IncidentCasualty>
{
    public void Configure(EntityTypeBuilder<IncidentCasualty> b)
    {
        b.ToTable("IncidentCasualties");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.IncidentId, x.Side, x.Kind }).IsUnique();
    }
}

internal sealed class IncidentResponseConfiguration : IEntityTypeConfiguration<IncidentResponse>
{
    public void Configure(EntityTypeBuilder<IncidentResponse> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Statement).HasMaxLength(IncidentRules.MaxStatementLength);
        b.Property(x => x.RespondedBy).HasMaxLength(256);
        b.HasIndex(x => new { x.IncidentId, x.Number }).IsUnique();
    }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Place).HasMaxLength(RegisterRules.MaxPlaceLength);
        b.Property(x => x.Summary).HasMaxLength(RegisterRules.MaxTextLength);
        b.Property(x => x.RecordedBy).HasMaxLength(256);
        // A short list of free-text topics, stored as one JSON array column.
        b.Property(x => x.Topics)
            .HasConversion(v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null), v => JsonSerializer.Deserialize<List<string>>(v, (JsonSerializerOptions?)null) ?? new List<string>())
            .HasMaxLength(4000)
            .Metadata.SetValueComparer(new ValueComparer<List<string>>(
                (a, c) => (a == null && c == null) || (a != null && c != null && a.SequenceEqual(c)),
                v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)),
                v => v.ToList()));
        b.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Members).AutoInclude();
        b.HasIndex(x => x.HeldOn);
    }
}

internal sealed class MeetingMemberConfiguration : IEntityTypeConfiguration<MeetingMember>
{
    public void Configure(EntityTypeBuilder<MeetingMember> b)
    {
        b.ToTable("MeetingMembers");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(RegisterRules.MaxNameLength);
        b.Property(x => x.Title).HasMaxLength(RegisterRules.MaxNameLength);
        b.HasIndex(x => new { x.MeetingId, x.Position }).IsUnique();
    }
}

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Title).HasMaxLength(RegisterRules.MaxTitleLength);
        b.Property(x => x.RecordedBy).HasMaxLength(256);
        b.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.ConcludedOn);
    }
}

internal sealed class CommitmentConfiguration : IEntityTypeConfiguration<Commitment>
{
    public void Configure(EntityTypeBuilder<Commitment> b)
    {
        b.HasKey(x => x.Id);
        b.HasOne<Agreement>().WithMany().HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Text).HasMaxLength(RegisterRules.MaxTextLength);
        b.Property(x => x.RecordedBy).HasMaxLength(256);
        b.Property<long>(KhyberDb.VersionProperty).IsConcurrencyToken();
        b.HasMany(x => x.Reports).WithOne().HasForeignKey(r => r.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Disputes).WithOne().HasForeignKey(d => d.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Reports).AutoInclude();
        b.Navigation(x => x.Disputes).AutoInclude();
        b.HasIndex(x => new { x.AgreementId, x.RecordedAt });
        b.HasIndex(x => x.ObligorSide);
        // The metric lives in the commitment's own row: it is part of what was agreed, set once with it.
        b.OwnsOne(x => x.Metric, m =>
        {
            m.Property(x => x.CrossingId).HasMaxLength(64);
            m.HasOne<Crossing>().WithMany().HasForeignKey(x => x.CrossingId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Navigation(x => x.Metric).IsRequired(false);
    }
}

internal sealed class CommitmentEvaluationConfiguration : IEntityTypeConfiguration<CommitmentEvaluation>
{
    public void Configure(EntityTypeBuilder<CommitmentEvaluation> b)
    {
        b.HasKey(x => x.Id);
        b.HasOne<Commitment>().WithMany().HasForeignKey(x => x.CommitmentId).OnDelete(DeleteBehavior.Restrict);
        // One evaluation per commitment and day: two server instances evaluating at once cannot both record it.
        b.HasIndex(x => new { x.CommitmentId, x.Day }).IsUnique();
        b.Property(x => x.Counts).HasMaxLength(2000);
        b.Property(x => x.HeadHash).HasMaxLength(64);
        b.Property<long>(KhyberDb.AuditSeqProperty);
        b.HasOne(x => x.Dispute).WithOne().HasForeignKey<EvaluationDispute>(d => d.EvaluationId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Dispute).AutoInclude();
    }
}

internal sealed class EvaluationDisputeConfiguration : IEntityTypeConfiguration<EvaluationDispute>
{
    public void Configure(EntityTypeBuilder<EvaluationDispute> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.EvaluationId).IsUnique();
        b.Property(x => x.Statement).HasMaxLength(RegisterRules.MaxTextLength);
        b.Property(x => x.RaisedBy).HasMaxLength(256);
        b.Property<long>(KhyberDb.AuditSeqProperty);
    }
}

internal sealed class ReportCountersignatureConfiguration : IEntityTypeConfiguration<ReportCountersignature>
{
    public void Configure(EntityTypeBuilder<ReportCountersignature> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.CrossingId).HasMaxLength(64);
        b.HasOne<Crossing>().WithMany().HasForeignKey(x => x.CrossingId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.HeadHash).HasMaxLength(64);
        b.Property(x => x.SignedBy).HasMaxLength(256);
        // A side signs a report at one head once; the database turns a second, concurrent signature away.
        b.HasIndex(x => new { x.CrossingId, x.Day, x.Side, x.HeadHash }).IsUnique();
        b.Property<long>(KhyberDb.AuditSeqProperty);
    }
}

internal sealed class ComplianceReportConfiguration : IEntityTypeConfiguration<ComplianceReport>
{
    public void Configure(EntityTypeBuilder<ComplianceReport> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Evidence).HasMaxLength(RegisterRules.MaxTextLength);
        b.Property(x => x.ReportedBy).HasMaxLength(256);
        b.HasIndex(x => new { x.CommitmentId, x.Sequence }).IsUnique();
    }
}

internal sealed class CommitmentDisputeConfiguration : IEntityTypeConfiguration<CommitmentDispute>
{
    public void Configure(EntityTypeBuilder<CommitmentDispute> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Statement).HasMaxLength(RegisterRules.MaxTextLength);
        b.Property(x => x.RaisedBy).HasMaxLength(256);
        b.HasIndex(x => new { x.CommitmentId, x.Sequence }).IsUnique();
    }
}
