namespace Khyber.Simulation.Engine;

/// <summary>Reacts to the events of a <see cref="Simulator"/>.</summary>
public interface IEventHandler
{
    void Handle(Simulator simulator, in ScheduledEvent scheduled);
}

/// <summary>The discrete-event kernel: a virtual clock and the events still to come.</summary>
/// <remarks>
/// The clock jumps from one event to the next; nothing happens in between, so a model keeps its
/// state constant between events and integrates it over the gaps itself. <see cref="Run{THandler}"/>
/// is generic so that a struct handler is dispatched without an interface call.
/// </remarks>
public sealed class Simulator
{
    private readonly EventQueue _events;
    private long _sequence;

    public Simulator(int initialCapacity = 64)
    {
        _events = new EventQueue(initialCapacity);
    }

    /// <summary>The virtual time of the event being handled.</summary>
    public double Now { get; private set; }

    public int Pending => _events.Count;

    /// <summary>Forgets every pending event and puts the clock back to zero.</summary>
    public void Reset()
    {
        _events.Clear();
        _sequence = 0;
        Now = 0;
    }

    public void Schedule(double delay, int kind, int subject = 0)
    {
        if (!(delay >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "An event cannot be scheduled in the past.");
        }

        _events.Push(new ScheduledEvent(Now + delay, _sequence++, kind, subject));
    }

    public void ScheduleAt(double time, int kind, int subject = 0)
    {
        if (!(time >= Now))
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "An event cannot be scheduled in the past.");
        }

        _events.Push(new ScheduledEvent(time, _sequence++, kind, subject));
    }

    /// <summary>Time of the next event, or +∞ when none is pending.</summary>
    public double NextTime => _events.Count == 0 ? double.PositiveInfinity : _events.Peek().Time;

    /// <summary>Handles events in order until none is left, the next one lies after <paramref name="until"/>, or <paramref name="maxEvents"/> have been handled.</summary>
    /// <returns>The number of events handled.</returns>
    public long Run<THandler>(ref THandler handler, double until, long maxEvents = long.MaxValue)
        where THandler : IEventHandler
    {
        long handled = 0;
        while (handled < maxEvents && _events.Count > 0 && _events.Peek().Time <= until)
        {
            _events.TryPop(out var next);
            Now = next.Time;
            handler.Handle(this, next);
            handled++;
        }

        return handled;
    }
}
