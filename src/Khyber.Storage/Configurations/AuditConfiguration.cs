using Khyber.Storage.Audit;
using Khyber.Storage.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Khyber.Storage.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(x => x.Seq);
        b.Property(x => x.Seq).ValueGeneratedNever();
        b.Property(x => x.Actor).HasMaxLength(256);
        b.Property(x => x.Side).HasMaxLength(2);
        b.Property(x => x.Action).HasMaxLength(100);
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.PayloadHash).HasMaxLength(64);
        b.Property(x => x.PreviousHash).HasMaxLength(64);
        b.Property(x => x.Hash).HasMaxLength(64);
        // Evidence names the entries appended from a moment on (see Records.EvidenceChain).
        b.HasIndex(x => x.At);
    }
}

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> b)
    {
        // Named to sort before "AuditEntries": EF sends a save's statements ordered by table, so an append updates (and
        // locks) the head before anything else. An append built on a head another writer holds (see ChainTips) then waits
        // for that writer holding nothing, and every later statement of its batch sees what that writer committed; were
        // the entry inserted first, it would hold the entry's number, which the holder of the head inserts too — each
        // waiting for the other. The database lets the head move only by one entry, onto the hash
        // it held: a trigger, created by the migration AuditHeadMovesByOne, turns any other move away — on PostgreSQL as a
        // serialization failure (40001), which writers run again.
        b.ToTable("AuditChainHeads");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Property(x => x.PreviousHash).HasMaxLength(64);
        b.HasData(new AuditHead { Id = AuditHead.SingletonId, Seq = 0, Hash = AuditChain.Genesis });
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Position).ValueGeneratedNever();
        b.HasIndex(x => x.Position).IsUnique();
        b.HasIndex(x => x.FannedOutAt);
        b.Property(x => x.Type).HasMaxLength(32);
        b.Property(x => x.CrossingId).HasMaxLength(64);
        b.Property(x => x.SubjectId).HasMaxLength(64);
        b.Property(x => x.Side).HasMaxLength(2);
    }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Url).HasMaxLength(2000);
        b.Property(x => x.Secret).HasMaxLength(200);
        b.Property(x => x.Owner).HasMaxLength(256);
        b.Property(x => x.OwnerSide).HasMaxLength(2);
        b.Property(x => x.Events).HasConversion(
                v => string.Join(',', v),
                v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList())
            .Metadata.SetValueComparer(new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<string>>(
                (x, y) => (x == null && y == null) || (x != null && y != null && x.SequenceEqual(y)),
                v => v.Aggregate(0, (h, e) => HashCode.Combine(h, e.GetHashCode(StringComparison.Ordinal))),
                v => v.ToList()));
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.EventType).HasMaxLength(32);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
        b.HasIndex(x => new { x.SubscriptionId, x.MessageId }).IsUnique();
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Error).HasMaxLength(1000);
        b.HasIndex(x => x.DeliveryId);
    }
}
