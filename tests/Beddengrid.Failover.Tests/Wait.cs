using System.Diagnostics;

namespace Beddengrid.Failover.Tests;

internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/> in real time until it holds; fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"Still not true after {limit.TotalSeconds:0.#} s: {what}");
            }
            await Task.Delay(5);
        }
    }
}
