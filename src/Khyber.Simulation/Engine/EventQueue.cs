namespace Khyber.Simulation.Engine;

/// <summary>A 4-ary min-heap of <see cref="ScheduledEvent"/> ordered by (time, sequence).</summary>
/// <remarks>
/// Four children per node halve the depth of a binary heap, and the four siblings compared on the
/// way down sit in one or two cache lines. Sifting moves a hole rather than swapping, so each level
/// costs one copy. The array only grows; once a run has reached its largest number of pending
/// events, pushing and popping allocate nothing.
/// </remarks>
public sealed class EventQueue
{
    private const int Arity = 4;
    private ScheduledEvent[] _heap;
    private int _count;

    public EventQueue(int initialCapacity = 64)
    {
        _heap = new ScheduledEvent[Math.Max(initialCapacity, Arity)];
    }

    public int Count => _count;

    public void Clear() => _count = 0;

    public void Push(in ScheduledEvent item)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var heap = _heap;
        var hole = _count++;
        while (hole > 0)
        {
            var parent = (hole - 1) / Arity;
            if (!item.Precedes(heap[parent]))
            {
                break;
            }

            heap[hole] = heap[parent];
            hole = parent;
        }

        heap[hole] = item;
    }

    public ref readonly ScheduledEvent Peek()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("The event queue is empty.");
        }

        return ref _heap[0];
    }

    public bool TryPop(out ScheduledEvent next)
    {
        if (_count == 0)
        {
            next = default;
            return false;
        }

        var heap = _heap;
        next = heap[0];
        var count = --_count;
        if (count == 0)
        {
            return true;
        }

        var last = heap[count];
        var hole = 0;
        while (true)
        {
            var first = (hole * Arity) + 1;
            if (first >= count)
            {
                break;
            }

            var best = first;
            var end = Math.Min(first + Arity, count);
            for (var child = first + 1; child < end; child++)
            {
                if (heap[child].Precedes(heap[best]))
                {
                    best = child;
                }
            }

            if (!heap[best].Precedes(last))
            {
                break;
            }

            heap[hole] = heap[best];
            hole = best;
        }

        heap[hole] = last;
        return true;
    }
}
