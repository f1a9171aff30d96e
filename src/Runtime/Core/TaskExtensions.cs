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

    /// <summary>Completes <paramref name="completion"/> as <paramref name="outcome"/>, a completed grain method's task, completed.</summary>
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
