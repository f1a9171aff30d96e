namespace Beddengrid.Runtime;

public static class TaskExtensions
{
    /// <summary>
    /// Sends without waiting, as Orleans' <c>Ignore()</c>: for notifications that must not make the sender wait on the
    /// receiver (which could otherwise close a cycle between two non-reentrant grains). Failures are observed, not thrown.
    /// </summary>
    public static void Ignore(this Task task)
    {
        if (!task.IsCompleted)
        {
            task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        else
        {
            _ = task.Exception;
        }
    }

    /// <summary>Gives <paramref name="completion"/> the result, cancellation or exceptions of <paramref name="outcome"/>, a grain method's task that has completed.</summary>
    internal static void CompleteAs<TResult>(this TaskCompletionSource<TResult> completion, Task outcome)
    {
        if (outcome.IsCompletedSuccessfully)
        {
            completion.TrySetResult(outcome is Task<TResult> typed ? typed.Result : default!);
        }
        else if (outcome.IsCanceled)
        {
            completion.TrySetCanceled();
        }
        else
        {
            completion.TrySetException(outcome.Exception!.InnerExceptions);
        }
    }
}
