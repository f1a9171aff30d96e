namespace Beddengrid.LoadTests.Measurement;

/// <summary>A count of things in progress and the highest it has reached, safe to update from any thread.</summary>
public sealed class PeakCounter
{
    private int _current;
    private int _peak;

    public int Current => Volatile.Read(ref _current);

    public int Peak => Volatile.Read(ref _peak);

    public int Enter()
    {
        var now = Interlocked.Increment(ref _current);
        var peak = Volatile.Read(ref _peak);
        while (now > peak && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        {
            peak = Volatile.Read(ref _peak);
        }
        return now;
    }

    public void Leave() => Interlocked.Decrement(ref _current);
}
