using Khyber.Domain;
using Khyber.Domain.Commitments;
using Khyber.Domain.Crossings;
using Khyber.Domain.Incidents;
using Khyber.Domain.Notices;
using Khyber.Domain.Reports;
using Khyber.Domain.Sms;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;
using Khyber.Storage.Audit;
using Khyber.Storage.Outbox;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;

namespace Khyber.Storage;

/// <summary>The one database of a Khyber installation.</summary>
/// <remarks>
/// SQLite and PostgreSQL each get a subclass (<see cref="SqliteKhyberDb"/>, <see cref="PostgresKhyberDb"/>)
/// only so that each keeps its own migrations; the model is the same.
/// Every save that changes audited data appends an entry to the hash-chained audit log in the same
/// transaction (see <see cref="SaveChangesAsync(bool, CancellationToken)"/>).
/// </remarks>
public abstract class KhyberDb(DbContextOptions options) : IdentityDbContext<KhyberUser>(options), IDataProtectionKeyContext
{
    // The request's services, bound by Serving: a context is taken from a pool and serves one request (or job) at a time.
    private AuditIdentity? _audit;
    private TimeProvider? _time;
    private PersonalDataKey? _personalDataKey;

    /// <summary>
    /// Binds the services of the unit this context now serves — who acts (for the audit entry), the clock, the key of
    /// personal data — and returns the context. The server's contexts come from a pool (their construction is most of
    /// what a short request would otherwise spend on the database), so these are set at each lease, never kept from the
    /// last one. A context made without them (the command line's, read-only) audits nothing.
    /// </summary>
    public KhyberDb Serving(AuditIdentity? audit, TimeProvider? time, PersonalDataKey? personalDataKey)
    {
        _audit = audit;
        _time = time;
        _personalDataKey = personalDataKey;
        _headHeldBy = null;
        return this;
    }

    /// <summary>
    /// Rows that are bookkeeping rather than facts of the border, and so are not audited. Accounts are among them because
    /// their rows hold secrets (the password hash, the security stamp): administering one audits an <see cref="AccountChange"/> instead.
    /// </summary>
    private static readonly HashSet<Type> Unaudited =
    [
        // The keys that protect the pages' cookies and form tokens are secrets: never in an audit payload.
        typeof(DataProtectionKey),
        typeof(AuditEntry), typeof(AuditHead), typeof(IdempotencyRecord), typeof(StrandedSnapshot),
        typeof(OutboxMessage), typeof(WebhookDelivery), typeof(WebhookAttempt), typeof(SmsMessage), typeof(KhyberUser),
        // A session changes at every refresh and holds a refresh token's hash; ending sessions is recorded by the account's change.
        typeof(Session),
        typeof(IdentityRole), typeof(IdentityUserClaim<string>), typeof(IdentityUserLogin<string>),
        typeof(IdentityUserToken<string>), typeof(IdentityUserRole<string>), typeof(IdentityRoleClaim<string>),
    ];

    /// <summary>Most events one unit of work may write: positions are the audit sequence times this, plus an index.</summary>
    public const int EventsPerEntry = 1000;

    /// <summary>Shadow concurrency token on rows that concurrent requests may change.</summary>
    public const string VersionProperty = "Version";

    /// <summary>The keys protecting the pages' cookies and anti-forgery tokens, shared by every instance on this database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    /// <summary>
    /// Shadow property of the rows a daily report names the chain entries of (a crossing's sides, evaluations and their
    /// disputes, countersignatures): the sequence number of the audit entry that last wrote the row.
    /// </summary>
    public const string AuditSeqProperty = "AuditSeq";

    public DbSet<Crossing> Crossings => Set<Crossing>();

    public DbSet<CrossingSide> CrossingSides => Set<CrossingSide>();

    public DbSet<CrossingDirection> CrossingDirections => Set<CrossingDirection>();

    public DbSet<Notice> Notices => Set<Notice>();

    public DbSet<Truck> Trucks => Set<Truck>();

    public DbSet<CallRecord> CallRecords => Set<CallRecord>();

    public DbSet<CalledTruck> CalledTrucks => Set<CalledTruck>();

    public DbSet<Carrier> Carriers => Set<Carrier>();

    public DbSet<CarrierApplication> CarrierApplications => Set<CarrierApplication>();

    public DbSet<AccountChange> AccountChanges => Set<AccountChange>();

    public DbSet<Incident> Incidents => Set<Incident>();

    public DbSet<IncidentResponse> IncidentResponses => Set<IncidentResponse>();

    public DbSet<Meeting> Meetings => Set<Meeting>();

    public DbSet<Agreement> Agreements => Set<Agreement>();

    public DbSet<Commitment> Commitments => Set<Commitment>();

    public DbSet<ComplianceReport> ComplianceReports => Set<ComplianceReport>();

    public DbSet<CommitmentDispute> CommitmentDisputes => Set<CommitmentDispute>();

    public DbSet<CommitmentEvaluation> CommitmentEvaluations => Set<CommitmentEvaluation>();

    public DbSet<EvaluationDispute> EvaluationDisputes => Set<EvaluationDispute>();

    public DbSet<ReportCountersignature> ReportCountersignatures => Set<ReportCountersignature>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<StrandedSnapshot> StrandedSnapshots => Set<StrandedSnapshot>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    public DbSet<SmsMessage> SmsMessages => Set<SmsMessage>();

    public DbSet<Session> Sessions => Set<Session>();

    /// <summary>Forecasts made through the API with their inputs, scored once their period has passed.</summary>
    public DbSet<ForecastRecord> ForecastRecords => Set<ForecastRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(KhyberDb).Assembly);
        builder.Entity<KhyberUser>(u =>
        {
            u.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
            u.Property(x => x.Side).HasConversion<string>().HasMaxLength(2);
            u.Property(x => x.CrossingId).HasMaxLength(64);
            u.Property(x => x.CarrierId).HasMaxLength(64);
            u.Property(x => x.DisplayName).HasMaxLength(200);
            u.Property(x => x.TotpSecret).HasMaxLength(64);
            u.Property(x => x.RecoveryCodeHashes).HasMaxLength(1000);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Enums are stored by name: readable in the database and stable when members are added.
        configuration.Properties<Side>().HaveConversion<string>().HaveMaxLength(2);
        configuration.Properties<Direction>().HaveConversion<string>().HaveMaxLength(8);
        configuration.Properties<GateState>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<ReasonCategory>().HaveConversion<string>().HaveMaxLength(32);
        configuration.Properties<CargoCategory>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<TruckStatus>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<NoticeStatus>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<IncidentCategory>().HaveConversion<string>().HaveMaxLength(32);
        configuration.Properties<CasualtyKind>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<ResponseStance>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<ComplianceStatus>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<MetricKind>().HaveConversion<string>().HaveMaxLength(32);
        configuration.Properties<Comparison>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<EvaluationResult>().HaveConversion<string>().HaveMaxLength(24);
        configuration.Properties<DriverLanguage>().HaveConversion<string>().HaveMaxLength(8);
        configuration.Properties<DriverMessageKind>().HaveConversion<string>().HaveMaxLength(24);
        configuration.Properties<SmsStatus>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<SmsEncoding>().HaveConversion<string>().HaveMaxLength(8);
    }

    /// <summary>Names who acts and what they do, for the audit entry of the next save: each use case names itself, once.</summary>
    public void Acting(string actor, string? side, string action, string subject) =>
        (_audit ?? throw new InvalidOperationException("This database was created without an audit identity."))
            .Set(actor, side, action, subject.Length > 300 ? subject[..300] : subject);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Saves, and when audited data changed, appends one audit entry for the whole unit in the same transaction.
    /// </summary>
    /// <remarks>
    /// Appending is the critical section, and it is kept short. SQLite: the write transaction already holds the database's
    /// write lock; one statement reads the chain's head and takes the queue numbers the unit hands out
    /// (<see cref="LockHeadAsync"/>), then the changed rows, the entry, the head and the outbox events go in one batch.
    /// PostgreSQL: this process's writers take a turn to append (<see cref="ChainTips"/>) and link their entry to the head
    /// the last of them left, numbering from the counters it left, so the turn lasts one round trip — the batch, whose
    /// first statement moves the head and so waits for the previous writer's commit; where nothing is kept (after another
    /// process appended, or a failure), the head is locked and read first, as on SQLite. The database lets the head move
    /// only by one entry onto the hash it held (a trigger), so an append built on a stale head fails and is run again:
    /// concurrent writers — in this process or another — append one after the other, and the chain never forks. Either
    /// the change and its entry are both committed, or neither is.
    /// </remarks>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        ChangeTracker.DetectChanges();
        var audited = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && !Unaudited.Contains(e.Metadata.ClrType))
            .ToList();
        var events = ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (events.Count >= EventsPerEntry)
        {
            throw new InvalidOperationException($"At most {EventsPerEntry - 1} events may accompany one change.");
        }
        var touched = CrossingsOf(audited);
        var rows = RowsOf(audited);
        if (audited.Count == 0 || _audit is null)
        {
            if (events.Count > 0)
            {
                throw new InvalidOperationException("An event is written only with the audited change it reports.");
            }
            int written;
            await using (await BeginOwnWriteAsync(transaction: false, cancellationToken))
            {
                written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            if (audited.Count > 0)
            {
                Committed(touched, null, rows);
            }
            return written;
        }
        if (!_audit.IsSet)
        {
            throw new InvalidOperationException(
                $"Audited data ({string.Join(", ", audited.Select(e => e.Metadata.ClrType.Name).Distinct())}) changed without an audit identity: set who is acting before saving.");
        }

        // Everything that does not depend on the head is done before the lock.
        var personal = _personalDataKey ?? PersonalDataKey.ForThisProcess;
        var payload = _audit.PayloadOverride ?? CanonicalChanges.Write(audited, personal);
        var subject = SubjectOf(audited) ?? _audit.Subject ?? "-";
        var counters = QueueCounters();
        var ownsTransaction = Database.CurrentTransaction is null;
        try
        {
            return await AppendAsync(audited, events, touched, rows, counters, personal, payload, subject, fromTip: true, acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (Exception e) when (ownsTransaction && ChainMoved(e))
        {
            // The head this process kept was stale (another process appended): only an append built on it is turned away so.
            // The save had a transaction of its own, rolled back: it is made once more on the head read under the lock.
            return await AppendAsync(audited, events, touched, rows, counters, personal, payload, subject, fromTip: false, acceptAllChangesOnSuccess, cancellationToken);
        }
    }

    /// <summary>
    /// Appends the unit's entry on the chain's head and saves the unit's rows with it, in the unit's transaction or one of
    /// its own. With <paramref name="fromTip"/>, where this process keeps the head it last appended (PostgreSQL,
    /// <see cref="ChainTips"/>), the entry is linked to that one, without a round trip to lock and read the head first.
    /// </summary>
    private async Task<int> AppendAsync(
        List<EntityEntry> audited, List<OutboxMessage> events, HashSet<string> touched, WrittenRows rows, List<QueueCounter> counters,
        PersonalDataKey personal, string payload, string subject, bool fromTip, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var own = await BeginOwnWriteAsync(transaction: true, cancellationToken);
        var tip = AppendsFromTip ? ChainTips.Of(DatabaseKey) : null;
        var turn = false;
        var fromKept = false;
        var kept = false;
        long generation = 0;
        AuditEntry? entry = null;
        AuditHead? head = null;
        try
        {
            if (tip is not null)
            {
                // A unit already holding the head's lock (from its first read, or its own earlier save) appends on it without
                // the turn: the writer holding the turn may be waiting for that very lock.
                if (!HoldsChainHead && await tip.EnterAsync(cancellationToken))
                {
                    turn = true;
                    generation = tip.Generation;
                }
                else
                {
                    tip.Forget();
                }
            }
            bool renumbered;
            if (turn && fromTip && tip!.Read(counters.ConvertAll(c => (c.Direction.CrossingId, c.Direction.Direction))) is { } known)
            {
                generation = known.Head.Generation;
                head = new AuditHead { Seq = known.Head.Seq, Hash = known.Head.Hash };
                AuditHeads.Attach(head);
                renumbered = TakeKeptNumbers(counters, known.Counters);
                fromKept = true;
            }
            else
            {
                (head, renumbered) = await LockHeadAsync(counters, cancellationToken);
                foreach (var counter in counters)
                {
                    // Already written by the statement that took the numbers: not again, and not against the direction's version.
                    counter.Number.OriginalValue = counter.Number.CurrentValue;
                    counter.Number.IsModified = false;
                }
            }
            if (renumbered && _audit!.PayloadOverride is null)
            {
                payload = CanonicalChanges.Write(audited, personal);
            }
            entry = AuditChain.Link(head.Seq + 1, (_time ?? TimeProvider.System).GetUtcNow(), _audit!.Actor!, _audit.Side, _audit.Action!, subject, payload, head.Hash);
            AuditEntries.Add(entry);
            StoreChanges.Appending(DatabaseKey, entry.Seq);
            for (var i = 0; i < events.Count; i++)
            {
                events[i].Position = (entry.Seq * EventsPerEntry) + i;
            }
            foreach (var row in audited.Where(e => e.State is EntityState.Added or EntityState.Modified && e.Metadata.FindProperty(AuditSeqProperty) is not null))
            {
                row.Property(AuditSeqProperty).CurrentValue = entry.Seq;
            }
            // The database lets the head move only onto the hash it held (HeadMovesByOne): built on a stale one, this fails.
            head.PreviousHash = head.Hash;
            head.Seq = entry.Seq;
            head.Hash = entry.Hash;
            // Marked explicitly: bulk writers (the demo loader) switch automatic change detection off.
            Entry(head).State = EntityState.Modified;
            var directions = tip is null ? [] : DirectionsWritten(audited, counters);
            // No savepoint around the save: EF would otherwise set one and release it in two more round trips, both under
            // the chain's lock. A failed save fails its whole unit, which is rolled back and, if it is retried, runs anew.
            Database.AutoSavepointsEnabled = false;
            int saved;
            try
            {
                saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            finally
            {
                Database.AutoSavepointsEnabled = true;
            }
            tip?.Counted(fromKept);
            if (turn)
            {
                // The batch is through and holds the head's row lock to its commit: the next writer may build on it now.
                tip!.Appended(generation, entry.Seq, entry.Hash, directions);
                kept = true;
                tip.Leave();
                turn = false;
            }
            if (Database.CurrentTransaction is { } unit && own.Transaction is null)
            {
                _headHeldBy = unit;
            }
            await own.CommitAsync(cancellationToken);
            Committed(touched, entry.Seq, rows);
            return saved;
        }
        catch (Exception e)
        {
            // What this process keeps of the head is now wrong if the unit's own entry was kept and not committed, and may be
            // if the batch built on it failed for anything but one of the unit's own rows.
            if (tip is not null && (kept || (fromKept && !OnlyRowsTurnedAway(e))))
            {
                tip.Forget();
            }
            if (turn)
            {
                tip!.Leave();
            }
            Restore(entry, counters);
            throw;
        }
        finally
        {
            if (head is not null)
            {
                Entry(head).State = EntityState.Detached;
            }
            await own.DisposeAsync();
        }
    }

    /// <summary>Leaves the unit as it was before a failed append, so a retry appends afresh on the current head and takes its numbers again.</summary>
    private void Restore(AuditEntry? entry, List<QueueCounter> counters)
    {
        if (entry is not null)
        {
            Entry(entry).State = EntityState.Detached;
            StoreChanges.AppendFailed(DatabaseKey, entry.Seq);
        }
        foreach (var counter in counters)
        {
            Renumber(counter, counter.From + counter.Moved, -counter.Moved);
            counter.Moved = 0;
            counter.Number.OriginalValue = counter.From;
            counter.Number.CurrentValue = counter.From + counter.Taken;
            counter.Number.IsModified = true;
            if (counter.VersionRead is { } version)
            {
                counter.Version.OriginalValue = version;
                counter.Version.CurrentValue = version;
                counter.VersionRead = null;
            }
            counter.VersionTaken = null;
        }
    }

    /// <summary>
    /// Whether an append failed because the chain's head was not the one it was built on: the database's trigger turned the
    /// head's move away (PostgreSQL reports it as a serialization failure, which Npgsql's execution strategy may wrap).
    /// </summary>
    private static bool ChainMoved(Exception e) => SaveFailure(e)?.InnerException is Npgsql.PostgresException { SqlState: "40001" };

    /// <summary>
    /// The <see cref="DbUpdateException"/> a save failed with, also where Npgsql's execution strategy, unable to retry inside
    /// a transaction, handed it on wrapped as a transient failure (a serialization failure, a deadlock); null for others.
    /// </summary>
    public static DbUpdateException? SaveFailure(Exception e) => e switch
    {
        DbUpdateException failure => failure,
        InvalidOperationException { InnerException: DbUpdateException inner } => inner,
        _ => null,
    };

    /// <summary>Whether a save failed only because the database turned away one of the unit's own rows (a version, a unique value).</summary>
    private static bool OnlyRowsTurnedAway(Exception e) => e switch
    {
        DbUpdateConcurrencyException conflict => !conflict.Entries.Any(x => x.Entity is AuditHead or CrossingDirection),
        DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: "23505", ConstraintName: not "PK_AuditEntries" } } => true,
        _ => false,
    };

    /// <summary>Whether this process keeps the chain's head it last appended and appends from it (<see cref="ChainTips"/>).</summary>
    protected virtual bool AppendsFromTip => false;

    /// <summary>The transaction in which this context last appended or locked the chain's head: it holds the head's lock to its end.</summary>
    private IDbContextTransaction? _headHeldBy;

    private bool HoldsChainHead => _headHeldBy is not null && ReferenceEquals(_headHeldBy, Database.CurrentTransaction);

    /// <summary>
    /// Numbers the unit's trucks from the counters kept with the head (<see cref="ChainTips"/>) rather than from those it
    /// read, and writes each counter in the batch, matching the direction's version kept with it where the counter is the
    /// direction's only change; true when the numbers moved.
    /// </summary>
    private bool TakeKeptNumbers(List<QueueCounter> counters, ChainTips.Counter[] kept)
    {
        var renumbered = false;
        for (var i = 0; i < counters.Count; i++)
        {
            var counter = counters[i];
            var from = kept[i].Next;
            if (from != counter.From)
            {
                counter.Moved = from - counter.From;
                Renumber(counter, counter.From, counter.Moved);
                renumbered = true;
            }
            counter.Number.OriginalValue = from;
            counter.Number.CurrentValue = from + counter.Taken;
            counter.Number.IsModified = true;
            if (counter.OnlyCounter)
            {
                counter.VersionRead = (long)counter.Version.OriginalValue!;
                counter.Version.OriginalValue = kept[i].Version;
                counter.Version.CurrentValue = kept[i].Version;
            }
        }
        return renumbered;
    }

    /// <summary>
    /// The directions the batch writes, with the counter and version each will have once it is through: the counter where
    /// the unit took numbers, and the version it bumped, or else the one its counter was taken with.
    /// </summary>
    private static List<ChainTips.DirectionWritten> DirectionsWritten(List<EntityEntry> audited, List<QueueCounter> counters)
    {
        var written = counters.ConvertAll(c => new ChainTips.DirectionWritten(c.Direction.CrossingId, c.Direction.Direction, c.Number.CurrentValue,
            c.OnlyCounter ? c.VersionTaken ?? (long)c.Version.CurrentValue! : (long)c.Version.CurrentValue!));
        // From the unit's audited rows, gathered before the turn: asking the change tracker again would detect changes anew under it.
        foreach (var entry in audited)
        {
            if (entry.Entity is CrossingDirection direction && entry.State == EntityState.Modified && !counters.Exists(c => ReferenceEquals(c.Direction, direction)))
            {
                written.Add(new ChainTips.DirectionWritten(direction.CrossingId, direction.Direction, null, (long)entry.Property(VersionProperty).CurrentValue!));
            }
        }
        return written;
    }

    /// <summary>
    /// How many of this process's writers of one database may be in a write transaction of their own at once, the others
    /// waiting their turn in order (<see cref="WriterTurns"/>); 0 for no turns.
    /// </summary>
    protected abstract int WritersAtOnce { get; }

    /// <summary>
    /// Begins a write of this context's own — its turn among this process's writers, and with <paramref name="transaction"/>
    /// a transaction — unless one already began, inside which there is nothing to begin. A save without a transaction of
    /// its own (unaudited bookkeeping) takes a turn only where the database has one writer at a time (SQLite).
    /// </summary>
    private async Task<OwnWrite> BeginOwnWriteAsync(bool transaction, CancellationToken ct)
    {
        if (Database.CurrentTransaction is not null)
        {
            return OwnWrite.None;
        }
        var turn = WritersAtOnce > 0 && (transaction || WritersAtOnce == 1) ? await WriterTurns.EnterAsync(DatabaseKey, WritersAtOnce, ct) : default;
        try
        {
            return new OwnWrite(turn, transaction ? await Database.BeginTransactionAsync(ct) : null);
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    /// <summary>A write begun by <see cref="BeginOwnWriteAsync"/>: committed by its owner, and its turn given up when disposed.</summary>
    private sealed class OwnWrite(WriterTurns.Turn turn, IDbContextTransaction? transaction) : IAsyncDisposable
    {
        public static readonly OwnWrite None = new(default, null);

        /// <summary>The transaction begun for the write; null inside one begun before.</summary>
        public IDbContextTransaction? Transaction => transaction;

        public Task CommitAsync(CancellationToken ct) => transaction?.CommitAsync(ct) ?? Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
            turn.Dispose();
        }
    }

    /// <summary>
    /// Runs a read-decide-write unit in one transaction. <paramref name="hold"/> says when it takes the chain's lock:
    /// at its first read (the default), or only to number and append when it saves (<see cref="ChainLock.AtAppend"/>).
    /// </summary>
    /// <remarks>
    /// PostgreSQL: the transaction is READ COMMITTED; <see cref="ChainLock.FromFirstRead"/> locks the chain's head row
    /// first, so the unit reads and decides as if it were alone — every audited writer takes that lock to append anyway.
    /// Under <see cref="ChainLock.AtAppend"/> the unit reads without it and the versions of the rows it changes turn a
    /// concurrent change into a conflict to retry; numbers handed out in commit order (a direction's queue numbers) are
    /// taken under the lock at save time, so units that all bump one counter do not collide on it.
    /// SQLite: the transaction begins IMMEDIATE, which takes the database's write lock, whatever <paramref name="hold"/>
    /// says. The file has one writer at a time by nature; a deferred transaction that read and then writes after another
    /// writer committed fails with SQLITE_BUSY_SNAPSHOT and its whole unit runs again — during a rush nearly every
    /// unit — while the lock an IMMEDIATE unit holds lasts a few hundred microseconds of work in this process. This
    /// process's writers wait their turn for it in order (<see cref="WriterTurns"/>) rather than in SQLite's retries.
    /// </remarks>
    public async Task<T> InWriteTransactionAsync<T>(Func<CancellationToken, Task<T>> unit, CancellationToken ct, ChainLock hold = ChainLock.FromFirstRead)
    {
        if (Database.CurrentTransaction is not null)
        {
            return await unit(ct);
        }
        T result;
        List<(IReadOnlyCollection<string> Crossings, long? Seq, WrittenRows Rows)> saves = [];
        await using (var own = await BeginOwnWriteAsync(transaction: true, ct))
        {
            if (hold == ChainLock.FromFirstRead && Database.IsNpgsql())
            {
                await Database.ExecuteSqlRawAsync("SELECT 1 FROM \"AuditChainHeads\" WHERE \"Id\" = 1 FOR UPDATE", ct);
                _headHeldBy = Database.CurrentTransaction;
            }
            _unit = saves;
            try
            {
                result = await unit(ct);
                await own.CommitAsync(ct);
            }
            catch
            {
                foreach (var (_, seq, _) in saves)
                {
                    if (seq is { } s)
                    {
                        StoreChanges.AppendFailed(DatabaseKey, s);
                        if (AppendsFromTip)
                        {
                            // The head this process kept is the unit's own entry, which is not committed.
                            ChainTips.Of(DatabaseKey).Forget();
                        }
                    }
                }
                throw;
            }
            finally
            {
                _unit = null;
            }
        }
        foreach (var (crossings, _, rows) in saves)
        {
            StoreChanges.Committed(DatabaseKey, crossings, rows);
        }
        return result;
    }

    /// <summary>
    /// Holds the units that name <paramref name="key"/> one after the other until the current transaction ends, without
    /// holding the chain's lock: for an <see cref="ChainLock.AtAppend"/> unit whose decision counts rows that no version
    /// guards (a carrier's trucks against its cap). PostgreSQL: a transaction-level advisory lock; SQLite: nothing more
    /// to do, its write transaction already holds the only write lock.
    /// </summary>
    public async Task SerializeOnAsync(string key, CancellationToken ct)
    {
        if (Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Serialize a unit inside its transaction: the lock ends with it.");
        }
        if (Database.IsNpgsql())
        {
            await Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7175, hashtext({0}))", [key], ct);
        }
    }

    /// <summary>The changes saved inside <see cref="InWriteTransactionAsync{T}"/>, told to readers once its transaction commits.</summary>
    private List<(IReadOnlyCollection<string> Crossings, long? Seq, WrittenRows Rows)>? _unit;

    /// <summary>Which database this is, for <see cref="StoreChanges"/>.</summary>
    public string DatabaseKey => Database.GetConnectionString() ?? "";

    /// <summary>
    /// Tells readers of derived views that a save committed — at once when it committed on its own, when the enclosing
    /// unit commits otherwise, so that no reader recomputes from a state that is not yet visible and keeps it as current.
    /// </summary>
    private void Committed(IReadOnlyCollection<string> crossings, long? seq, WrittenRows rows)
    {
        if (_unit is not null)
        {
            _unit.Add((crossings, seq, rows));
            return;
        }
        StoreChanges.Committed(DatabaseKey, crossings, rows);
    }

    /// <summary>
    /// The rows a change writes, for readers that keep a crossing loaded (its status) to read again only what changed: the
    /// trucks by key, the crossing's other rows only when the change wrote some. Taken before the queue numbers are, while
    /// a direction whose only change is its counter still says so.
    /// </summary>
    private static WrittenRows RowsOf(List<EntityEntry> changed)
    {
        var trucks = new List<TruckChange>();
        var others = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in changed)
        {
            if (entry.Entity is Truck truck)
            {
                trucks.Add(new TruckChange(truck.CrossingId, truck.Id));
            }
            else if (entry.Entity is Crossing crossing)
            {
                others.Add(crossing.Id);
            }
            else if (!OnlyQueueCounter(entry) && entry.Metadata.FindProperty("CrossingId") is not null && entry.Property("CrossingId").CurrentValue is string id)
            {
                others.Add(id);
            }
        }
        return new WrittenRows(trucks, others);
    }

    /// <summary>
    /// The crossings a change touches: a crossing's own row (and then the set of crossings), and every row that names one
    /// (trucks, notices, calls, sides, directions).
    /// </summary>
    private static HashSet<string> CrossingsOf(List<EntityEntry> changed)
    {
        var crossings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in changed)
        {
            if (entry.Entity is Crossing crossing)
            {
                crossings.Add(crossing.Id);
                crossings.Add(StoreChanges.CrossingSet);
            }
            else if (entry.Metadata.FindProperty("CrossingId") is not null && entry.Property("CrossingId").CurrentValue is string id)
            {
                crossings.Add(id);
            }
        }
        return crossings;
    }

    /// <summary>A direction's queue counter the unit moved on: the numbers it handed out, and the properties to settle.</summary>
    private sealed record QueueCounter(
        CrossingDirection Direction, PropertyEntry<CrossingDirection, long> Number, PropertyEntry Version, bool OnlyCounter, long From, long Taken)
    {
        /// <summary>How far the unit's numbers were moved because others took numbers since it read the counter.</summary>
        public long Moved { get; set; }

        /// <summary>The version the unit read, while the batch matches the one kept with the counter instead (<see cref="ChainTips"/>).</summary>
        public long? VersionRead { get; set; }

        /// <summary>The direction's version as the statement that took the numbers found it.</summary>
        public long? VersionTaken { get; set; }
    }

    /// <summary>The directions whose queue counter the unit moved on (check-ins, trucks sent to the back).</summary>
    private List<QueueCounter> QueueCounters()
    {
        var counters = new List<QueueCounter>();
        foreach (var entry in ChangeTracker.Entries<CrossingDirection>().Where(e => e.State == EntityState.Modified))
        {
            var number = entry.Property(d => d.NextQueueNumber);
            if (number.IsModified && number.CurrentValue > number.OriginalValue)
            {
                counters.Add(new QueueCounter(entry.Entity, number, entry.Property(VersionProperty), OnlyQueueCounter(entry), number.OriginalValue, number.CurrentValue - number.OriginalValue));
            }
        }
        return counters;
    }

    /// <summary>
    /// Locks and reads the chain's head and takes the unit's queue numbers, in one round trip; true when the numbers
    /// moved because other units took some since this one read its counter.
    /// </summary>
    /// <remarks>
    /// A unit numbers its trucks from the counter it read; here each counter is moved on by as many as it handed out
    /// (<c>UPDATE … RETURNING</c>, under the head lock, so in commit order), and when others took numbers in between, the
    /// unit's trucks are renumbered by the difference. Two trucks of a direction never share a number, and the numbers
    /// follow the order in which the check-ins committed. A unit holding the lock from its first read never moves.
    /// </remarks>
    private async Task<(AuditHead Head, bool Renumbered)> LockHeadAsync(List<QueueCounter> counters, CancellationToken ct)
    {
        var postgres = Database.IsNpgsql();
        var connection = Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = Database.CurrentTransaction?.GetDbTransaction();
        var sql = new System.Text.StringBuilder(postgres
            ? "SELECT \"Seq\", \"Hash\" FROM \"AuditChainHeads\" WHERE \"Id\" = 1 FOR UPDATE;"
            : "SELECT \"Seq\", \"Hash\" FROM \"AuditChainHeads\" WHERE \"Id\" = 1;");
        for (var i = 0; i < counters.Count; i++)
        {
            sql.Append(System.Globalization.CultureInfo.InvariantCulture,
                $" UPDATE \"CrossingDirections\" SET \"NextQueueNumber\" = \"NextQueueNumber\" + @taken{i} WHERE \"CrossingId\" = @crossing{i} AND \"Direction\" = @direction{i} RETURNING \"NextQueueNumber\", \"Version\";");
            Add(command, $"taken{i}", counters[i].Taken);
            Add(command, $"crossing{i}", counters[i].Direction.CrossingId);
            Add(command, $"direction{i}", counters[i].Direction.Direction.ToString());
        }
        command.CommandText = sql.ToString();
        AuditHead head;
        var renumbered = false;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                throw new InvalidOperationException("The audit chain has no head row.");
            }
            head = new AuditHead { Seq = reader.GetInt64(0), Hash = reader.GetString(1) };
            foreach (var counter in counters)
            {
                if (!await reader.NextResultAsync(ct) || !await reader.ReadAsync(ct))
                {
                    throw new InvalidOperationException($"No direction {counter.Direction.Direction} at {counter.Direction.CrossingId}.");
                }
                var from = reader.GetInt64(0) - counter.Taken;
                if (from != counter.From)
                {
                    counter.Moved = from - counter.From;
                    Renumber(counter, counter.From, counter.Moved);
                    renumbered = true;
                }
                counter.Number.OriginalValue = from;
                counter.Number.CurrentValue = from + counter.Taken;
                counter.VersionTaken = reader.GetInt64(1);
            }
        }
        AuditHeads.Attach(head);
        return (head, renumbered);
    }

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Moves the queue numbers the unit gave from <paramref name="counter"/>, starting at <paramref name="from"/>, by <paramref name="by"/>.</summary>
    private void Renumber(QueueCounter counter, long from, long by)
    {
        if (by == 0)
        {
            return;
        }
        foreach (var truck in ChangeTracker.Entries<Truck>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            var number = truck.Property(t => t.QueueNumber);
            if (truck.Entity.CrossingId == counter.Direction.CrossingId && truck.Entity.Direction == counter.Direction.Direction
                && (truck.State == EntityState.Added || number.IsModified)
                && number.CurrentValue is { } n && n >= from && n < from + counter.Taken)
            {
                number.CurrentValue = n + by;
            }
        }
    }

    /// <summary>The first row the unit creates names it, e.g. "notice/3f2…"; otherwise the caller's subject.</summary>
    private static string? SubjectOf(List<EntityEntry> audited)
    {
        var created = audited.Where(e => e.State == EntityState.Added).OrderBy(e => e.Metadata.ClrType.Name, StringComparer.Ordinal).FirstOrDefault();
        if (created is null)
        {
            return null;
        }
        var key = string.Join('/', created.Metadata.FindPrimaryKey()!.Properties.Select(p => created.Property(p.Name).CurrentValue));
        return $"{created.Metadata.ClrType.Name.ToLowerInvariant()}/{key}";
    }

    /// <summary>
    /// Every modified row carrying a version gets the next one; the update matches the version read,
    /// so of two concurrent writers one wins and the other gets a concurrency conflict to retry.
    /// </summary>
    /// <remarks>
    /// A direction whose only change is its queue counter keeps its version: the counter is taken under the chain's
    /// lock when saving (<see cref="LockHeadAsync"/>), so check-ins do not collide with each other or with a call.
    /// </remarks>
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State != EntityState.Modified)
            {
                continue;
            }
            var version = entry.Metadata.FindProperty(VersionProperty);
            if (version is not null && version.ClrType == typeof(long) && !OnlyQueueCounter(entry))
            {
                var property = entry.Property(VersionProperty);
                property.CurrentValue = (long)property.OriginalValue! + 1;
            }
        }
    }

    private static bool OnlyQueueCounter(EntityEntry entry) =>
        entry.Entity is CrossingDirection
        && entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).SequenceEqual([nameof(CrossingDirection.NextQueueNumber)]);
}

/// <summary>How long a read-decide-write unit holds the audit chain's lock (<see cref="KhyberDb.InWriteTransactionAsync{T}"/>).</summary>
public enum ChainLock
{
    /// <summary>
    /// From its first read to its commit: the unit reads and decides as if it were alone. For units whose decision
    /// reads rows that no version, unique index or number taken at append guards.
    /// </summary>
    FromFirstRead,

    /// <summary>
    /// Only to number and append, when it saves: the unit reads and decides outside the lock. Every row it changes
    /// carries a version (a concurrent change is a conflict to retry), a unique index, or a number taken at append.
    /// </summary>
    AtAppend,
}

public sealed class SqliteKhyberDb(DbContextOptions<SqliteKhyberDb> options) : KhyberDb(options)
{
    /// <summary>The file has one writer at a time.</summary>
    protected override int WritersAtOnce => 1;

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        base.ConfigureConventions(configuration);
        // SQLite has no timestamp type; UTC ticks keep times exact, comparable and sortable in SQL.
        configuration.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configuration.Properties<decimal>().HaveConversion<double>();
    }
}

public sealed class PostgresKhyberDb(DbContextOptions<PostgresKhyberDb> options) : KhyberDb(options)
{
    /// <summary>
    /// Audited writers append one after another under the chain head's lock whatever their number: a few in transactions
    /// at once keep the next append ready, and the rest wait without holding a pooled connection.
    /// </summary>
    /// <remarks>Four: in the reopening rush 1, 2, 4 and 8 gave the same append rate and status latencies within the runs' noise
    /// (docs/benchmarks.md); more than one lets the next writer have its head lock request already waiting. Appending from the
    /// kept head (<see cref="ChainTips"/>), 4 and 16 gave the same within the noise again (2026-12-03).</remarks>
    protected override int WritersAtOnce => 4;

    protected override bool AppendsFromTip => true;
}
