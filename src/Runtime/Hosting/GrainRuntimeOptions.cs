namespace Beddengrid.Runtime;

public sealed class GrainRuntimeOptions
{
    /// <summary>How long a call may take before the caller gets a <see cref="GrainCallTimeoutException"/> (Orleans default 30 s).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an activation may sit idle before it is collected (Orleans default 15 minutes).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Calls that may wait on one activation before further calls are rejected with <see cref="GrainOverloadedException"/>.</summary>
    public int MaxQueuedCallsPerActivation { get; set; } = 10_000;
}
