namespace Khyber.Simulation.Statistics;

/// <summary>A growable list of doubles that keeps its array when cleared.</summary>
/// <remarks>A replication is reused for the next one, so after the first few the buffers are large enough and recording allocates nothing.</remarks>
internal sealed class SampleBuffer
{
    private double[] _items = new double[256];

    public int Count { get; private set; }

    public double Sum { get; private set; }

    public void Clear()
    {
        Count = 0;
        Sum = 0;
    }

    public void Add(double value)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = value;
        Sum += value;
    }

    public Span<double> Span => _items.AsSpan(0, Count);

    /// <summary>Fills <paramref name="destination"/> with the union of sorted buffers, sorted: a merge costs far less than sorting again.</summary>
    public static void MergeSorted(SampleBuffer[] sources, SampleBuffer destination)
    {
        destination.Clear();
        Span<int> next = sources.Length <= 64 ? stackalloc int[sources.Length] : new int[sources.Length];
        while (true)
        {
            var best = -1;
            for (var s = 0; s < sources.Length; s++)
            {
                if (next[s] < sources[s].Count && (best < 0 || sources[s]._items[next[s]] < sources[best]._items[next[best]]))
                {
                    best = s;
                }
            }

            if (best < 0)
            {
                return;
            }

            destination.Add(sources[best]._items[next[best]++]);
        }
    }
}
