namespace Beddengrid.Runtime;

public interface IGrainTimer : IDisposable
{
    /// <summary>Re-arms the timer: the next tick after <paramref name="dueTime"/>, then every <paramref name="period"/>.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
