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

    public void CopyTo(SampleBuffer destination)
    {
        foreach (var item in Span)
        {
            destination.Add(item);
        }
    }
}
