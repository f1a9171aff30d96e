namespace Beddengrid.LoadTests.Targets;

/// <summary>
/// Waits until a grid has stopped changing: its picture sequence moves with every bed change and waiting-queue change,
/// one-way notifications included, so a sequence that stays put for <see cref="QuietFor"/> means the grid is settled.
/// </summary>
internal static class QuietWatch
{
    public static readonly TimeSpan QuietFor = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    /// <summary>Completes once <paramref name="readSequence"/> stayed the same for <see cref="QuietFor"/>, or after <paramref name="timeout"/>.</summary>
    public static async Task WaitAsync(Func<Task<long>> readSequence, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var sequence = await readSequence();
        var stableSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollEvery);
            var now = await readSequence();
            if (now != sequence)
            {
                sequence = now;
                stableSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - stableSince >= QuietFor)
            {
                return;
            }
        }
    }
}
