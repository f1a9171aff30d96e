namespace Beddengrid.Runtime;

/// <summary>
/// The subscribers of a grain, as Orleans' ObserverManager: notifications go to each one; one that fails is dropped so
/// that a vanished dashboard cannot stall the grain.
/// </summary>
public sealed class ObserverManager<TObserver> where TObserver : class, IGrainObserver
{
    private readonly HashSet<TObserver> _observers = new(ReferenceEqualityComparer.Instance);

    public int Count => _observers.Count;

    public void Subscribe(TObserver observer) => _observers.Add(observer);

    public void Unsubscribe(TObserver observer) => _observers.Remove(observer);

    /// <summary>Delivers to every subscriber without waiting for any of them.</summary>
    public void Notify(Func<TObserver, Task> notification)
    {
        foreach (var observer in _observers.ToArray())
        {
            Task delivery;
            try
            {
                delivery = notification(observer);
            }
            catch (Exception)
            {
                _observers.Remove(observer);
                continue;
            }
            if (delivery.IsFaulted)
            {
                _observers.Remove(observer);
            }
        }
    }
}
