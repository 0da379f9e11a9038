namespace Khyber.Simulation.Replications;

/// <summary>A truck waiting to be called. <see cref="Key"/> orders its line: arrival time, or spoil time for earliest-spoil-first.</summary>
internal struct WaitingTruck
{
    public double Key;
    public long Sequence;
    public double ArrivedAt;
    public double SpoilsAt;
    public double ValueUsd;
    public bool Counted;

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
