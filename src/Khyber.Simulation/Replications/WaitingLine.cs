namespace Khyber.Simulation.Replications;

/// <summary>A truck waiting to be called. <see cref="Key"/> orders its line: arrival time, or spoil time for earliest-spoil-first (or, in a line of patience, the time it gives up).</summary>
internal struct WaitingTruck
{
    public double Key;
    public long Sequence;
    public double ArrivedAt;
    public double SpoilsAt;
    public double ValueUsd;
    public bool Counted;

    /// <summary>Came here from another crossing: it is not sent on again.</summary>
    public bool Diverted;

    public readonly bool Precedes(in WaitingTruck other) =>
        Key < other.Key || (Key == other.Key && Sequence < other.Sequence);
}

/// <summary>The waiting trucks of one class, as a binary min-heap on (key, sequence).</summary>
/// <remarks>For a first-come line the key is the arrival time, which only grows, so a push is O(1).</remarks>
internal sealed class WaitingLine
{
    private WaitingTruck[] _heap = new WaitingTruck[64];

    public int Count { get; private set; }

    public ReadOnlySpan<WaitingTruck> Trucks => _heap.AsSpan(0, Count);

    public ref readonly WaitingTruck Head => ref _heap[0];

    public void Clear() => Count = 0;

    public void Push(in WaitingTruck truck)
    {
        if (Count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var heap = _heap;
        var hole = Count++;
        while (hole > 0)
        {
            var parent = (hole - 1) >> 1;
            if (!truck.Precedes(heap[parent]))
            {
                break;
            }

            heap[hole] = heap[parent];
            hole = parent;
        }

        heap[hole] = truck;
    }

    public WaitingTruck Pop()
    {
        var heap = _heap;
        var head = heap[0];
        var count = --Count;
        if (count > 0)
        {
            var last = heap[count];
            var hole = 0;
            while (true)
            {
                var child = (hole << 1) + 1;
                if (child >= count)
                {
                    break;
                }

                if (child + 1 < count && heap[child + 1].Precedes(heap[child]))
                {
                    child++;
                }

                if (!heap[child].Precedes(last))
                {
                    break;
                }

                heap[hole] = heap[child];
                hole = child;
            }

            heap[hole] = last;
        }

        return head;
    }
}

/// <summary>A set of truck sequence numbers, one bit each: which trucks have left their line (called or gone).</summary>
/// <remarks>
/// Trucks that may give up sit in two heaps (their line and their class's patience order); when they
/// leave one, the other entry is dropped lazily when it reaches the top. Sequence numbers count up
/// from 0 in each replication, so a bit array indexed by them is the cheapest membership test; it
/// keeps its words from one replication to the next.
/// </remarks>
internal sealed class SequenceSet
{
    private ulong[] _bits = new ulong[64];
    private long _highest = -1;

    public void Clear()
    {
        Array.Clear(_bits, 0, (int)Math.Min(_bits.Length, (_highest >> 6) + 1));
        _highest = -1;
    }

    public void Add(long sequence)
    {
        var word = (int)(sequence >> 6);
        if (word >= _bits.Length)
        {
            Array.Resize(ref _bits, Math.Max(word + 1, _bits.Length * 2));
        }

        _bits[word] |= 1UL << (int)(sequence & 63);
        if (sequence > _highest)
        {
            _highest = sequence;
        }
    }

    public bool Contains(long sequence)
    {
        var word = (int)(sequence >> 6);
        return word < _bits.Length && (_bits[word] & (1UL << (int)(sequence & 63))) != 0;
    }
}
