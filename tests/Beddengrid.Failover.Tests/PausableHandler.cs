namespace Beddengrid.Failover.Tests;

/// <summary>One silo's network to the store, which a test can stall: while paused, requests hang until cancelled or resumed.</summary>
internal sealed class PausableHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _paused;

    public void Pause()
    {
        lock (_lock)
        {
            _paused ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Resume()
    {
        lock (_lock)
        {
            _paused?.TrySetResult();
            _paused = null;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Task? paused;
        lock (_lock)
        {
            paused = _paused?.Task;
        }
        if (paused is not null)
        {
            await paused.WaitAsync(cancellationToken);
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
