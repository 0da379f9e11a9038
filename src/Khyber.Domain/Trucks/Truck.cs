namespace Khyber.Domain.Trucks;

/// <summary>A truck with its consignment, from registration until it enters the other side or leaves the queue.</summary>
public sealed class Truck
{
    public required Guid Id { get; init; }

    public required string CrossingId { get; init; }

    public required Direction Direction { get; init; }

    public required string Plate { get; init; }

    /// <summary>The plate while the registration is active, otherwise null; unique, so a vehicle holds one active registration.</summary>
    public string? ActivePlate { get; private set; }

    public required string RegistrationCountry { get; init; }

    public required string CarrierId { get; init; }

    // Fields behind the personal data, so that erasing it (ErasePersonalData) is the one way to change it after registration.
    private string _driverName = "";
    private string _driverDocumentNumber = "";
    private string? _driverPhone;

    /// <summary>The driver's name; empty once erased (<see cref="PersonalDataErasedAt"/>).</summary>
    [PersonalData]
    public required string DriverName { get => _driverName; init => _driverName = value; }

    /// <summary>The driver's document number; empty once erased.</summary>
    [PersonalData]
    public required string DriverDocumentNumber { get => _driverDocumentNumber; init => _driverDocumentNumber = value; }

    /// <summary>The driver's mobile number in E.164, where Khyber texts him; null when the carrier gave none, or once erased.</summary>
    [PersonalData]
    public string? DriverPhone { get => _driverPhone; init => _driverPhone = value; }

    /// <summary>
    /// This registration's salt for the audit log's hashes of its personal data (<see cref="PersonalData.NewSalt"/>);
    /// dropped with the data, so a hash in the log can no longer be matched to a guessed value by anyone.
    /// </summary>
    public string? PersonalDataSalt { get; private set; } = PersonalData.NewSalt();

    /// <summary>When the driver's name, document number and phone were erased under the retention rule; null while kept.</summary>
    public DateTimeOffset? PersonalDataErasedAt { get; private set; }

    /// <summary>The language of the driver's text messages; null without a phone and no choice.</summary>
    public DriverLanguage? DriverLanguage { get; init; }

    /// <summary>The registration's code for the login-free status page and the driver's texts (<see cref="Trucks.TrackingCode"/>); unique.</summary>
    public required string TrackingCode { get; init; }

    public required string CargoDescription { get; init; }

    public required string HsCode { get; init; }

    public required CargoCategory Category { get; init; }

    public required decimal ValueUsd { get; init; }

    public required decimal WeightKg { get; init; }

    public DateTimeOffset? SpoilsAt { get; init; }

    public TruckStatus Status { get; private set; } = TruckStatus.Registered;

    public required DateTimeOffset RegisteredAt { get; init; }

    public DateTimeOffset? ArrivedAt { get; private set; }

    /// <summary>Since when the truck has been waiting in its current place (reset when it is sent to the back).</summary>
    public DateTimeOffset? WaitingSince { get; private set; }

    /// <summary>Arrival order within the direction's queue.</summary>
    public long? QueueNumber { get; private set; }

    public DateTimeOffset? CalledAt { get; private set; }

    public string? CalledBy { get; private set; }

    public int NoShows { get; private set; }

    /// <summary>When the called truck's no-show deadline counts from: its call, or the reopening after a closure that caught it.</summary>
    public DateTimeOffset? NoShowCountsFrom { get; private set; }

    /// <summary>Since when the called truck's no-show deadline has stood still because its way closed; null while it runs.</summary>
    public DateTimeOffset? NoShowSuspendedSince { get; private set; }

    public DateTimeOffset? ExitedAt { get; private set; }

    public string? ExitedBy { get; private set; }

    public DateTimeOffset? EnteredAt { get; private set; }

    public string? EnteredBy { get; private set; }

    public DateTimeOffset? RejectedAt { get; private set; }

    public string? RejectedBy { get; private set; }

    public string? RejectionReason { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public DateTimeOffset? SpoiledAt { get; private set; }

    /// <summary>
    /// When the registration ended, whichever way (entered, rejected, cancelled or spoiled); null while it is active.
    /// Stored, so the retention rule asks one indexed column when a registration ended rather than four.
    /// </summary>
    public DateTimeOffset? EndedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsActive => Status is TruckStatus.Registered or TruckStatus.Waiting or TruckStatus.Called or TruckStatus.Exited;

    public bool InQueue => Status is TruckStatus.Waiting or TruckStatus.Called;

    /// <summary>A carrier's registration of a truck, valid per <see cref="TruckRules.Validate"/>: active, its plate taken.</summary>
    public static Truck Register(TruckRegistration r, string carrierId, DateTimeOffset at)
    {
        var truck = new Truck
        {
            Id = Guid.NewGuid(),
            CrossingId = r.CrossingId,
            Direction = r.Direction,
            Plate = r.Plate,
            RegistrationCountry = r.RegistrationCountry,
            CarrierId = carrierId,
            DriverName = r.DriverName,
            DriverDocumentNumber = r.DriverDocumentNumber,
            CargoDescription = r.CargoDescription,
            HsCode = r.HsCode,
            Category = r.Category,
            ValueUsd = r.ValueUsd,
            WeightKg = r.WeightKg,
            SpoilsAt = r.SpoilsAt,
            DriverPhone = r.DriverPhone,
            DriverLanguage = r.DriverLanguage,
            TrackingCode = Trucks.TrackingCode.New(),
            RegisteredAt = at,
        };
        truck.Activate(at);
        return truck;
    }

    /// <summary>Call right after construction: marks the plate as taken.</summary>
    public void Activate(DateTimeOffset at)
    {
        ActivePlate = Plate;
        UpdatedAt = at;
    }

    public void CheckIn(long queueNumber, DateTimeOffset at)
    {
        Expect(TruckStatus.Registered, "check in");
        Status = TruckStatus.Waiting;
        ArrivedAt = at;
        WaitingSince = at;
        QueueNumber = queueNumber;
        UpdatedAt = at;
    }

    public void Call(string by, DateTimeOffset at)
    {
        Expect(TruckStatus.Waiting, "call forward");
        Status = TruckStatus.Called;
        CalledAt = at;
        CalledBy = by;
        NoShowCountsFrom = at;
        NoShowSuspendedSince = null;
        UpdatedAt = at;
    }

    /// <summary>The way closed before the no-show deadline: the truck keeps its place, its deadline stands still (<see cref="Queue.NoShowRules"/>).</summary>
    public void SuspendNoShow(DateTimeOffset since, DateTimeOffset at)
    {
        Expect(TruckStatus.Called, "suspend the no-show deadline of");
        NoShowSuspendedSince = since;
        UpdatedAt = at;
    }

    /// <summary>The way reopened at <paramref name="from"/>: the no-show deadline restarts in full from then.</summary>
    public void RestartNoShow(DateTimeOffset from, DateTimeOffset at)
    {
        Expect(TruckStatus.Called, "restart the no-show deadline of");
        NoShowCountsFrom = from;
        NoShowSuspendedSince = null;
        UpdatedAt = at;
    }

    /// <summary>A called truck that did not show goes back to the end of the queue.</summary>
    public void SendToBack(long queueNumber, DateTimeOffset at)
    {
        Expect(TruckStatus.Called, "send to the back");
        Status = TruckStatus.Waiting;
        NoShows++;
        QueueNumber = queueNumber;
        WaitingSince = at;
        CalledAt = null;
        CalledBy = null;
        NoShowCountsFrom = null;
        NoShowSuspendedSince = null;
        UpdatedAt = at;
    }

    /// <summary>
    /// A called truck whose way a change of lanes or hours has shut goes back to waiting in its own place — its queue
    /// number and waiting time kept, and no no-show counted: the change was not its doing.
    /// </summary>
    public void ReturnToQueue(DateTimeOffset at)
    {
        Expect(TruckStatus.Called, "return to the queue");
        Status = TruckStatus.Waiting;
        CalledAt = null;
        CalledBy = null;
        UpdatedAt = at;
    }

    public void Exit(string by, DateTimeOffset at)
    {
        Expect(TruckStatus.Called, "record the exit of");
        Status = TruckStatus.Exited;
        ExitedAt = at;
        ExitedBy = by;
        UpdatedAt = at;
    }

    public void Enter(string by, DateTimeOffset at)
    {
        Expect(TruckStatus.Exited, "record the entry of");
        Finish(TruckStatus.Entered, at);
        EnteredAt = at;
        EnteredBy = by;
    }

    public void Reject(string by, string reason, DateTimeOffset at)
    {
        if (!IsActive)
        {
            throw Conflict("reject");
        }
        Finish(TruckStatus.Rejected, at);
        RejectedAt = at;
        RejectedBy = by;
        RejectionReason = reason;
    }

    public void Cancel(DateTimeOffset at)
    {
        if (Status is not (TruckStatus.Registered or TruckStatus.Waiting or TruckStatus.Called))
        {
            throw Conflict("cancel");
        }
        Finish(TruckStatus.Cancelled, at);
        CancelledAt = at;
    }

    /// <summary>
    /// Erases the driver's name, document number and phone, and the salt of their hashes in the audit log, of a
    /// registration that has ended (the retention rule, <see cref="PersonalData.ErasableBefore"/>). The truck, its
    /// cargo and its history stay: counts, reports and the chain do not depend on who drove.
    /// </summary>
    public void ErasePersonalData(DateTimeOffset at)
    {
        if (IsActive)
        {
            throw Conflict("erase the driver of");
        }
        if (PersonalDataErasedAt is not null)
        {
            return;
        }
        _driverName = "";
        _driverDocumentNumber = "";
        _driverPhone = null;
        PersonalDataSalt = null;
        PersonalDataErasedAt = at;
        UpdatedAt = at;
    }

    /// <summary>A perishable still waiting past its spoil time is marked spoiled and leaves the queue.</summary>
    public bool SpoilIfDue(DateTimeOffset at)
    {
        if (Category != CargoCategory.Perishable || Status != TruckStatus.Waiting || SpoilsAt is not { } spoils || spoils > at)
        {
            return false;
        }
        Finish(TruckStatus.Spoiled, at);
        SpoiledAt = at;
        return true;
    }

    /// <summary>Every way a registration ends comes through here: the plate is free again, and when it ended is kept.</summary>
    private void Finish(TruckStatus status, DateTimeOffset at)
    {
        Status = status;
        ActivePlate = null;
        EndedAt = at;
        UpdatedAt = at;
    }

    private void Expect(TruckStatus status, string action)
    {
        if (Status != status)
        {
            throw Conflict(action);
        }
    }

    private StateConflictException Conflict(string action) =>
        new($"Cannot {action} a truck that is {TruckText.Status(Status)}.");
}

public static class TruckText
{
    public static string Status(TruckStatus status) => status.ToString().ToLowerInvariant();
}
