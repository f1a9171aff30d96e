namespace Beddengrid.Runtime;

/// <summary>Where and how <see cref="AzureTableGrainStorage"/> keeps grain state.</summary>
public sealed record AzureTableStorageOptions
{
    /// <summary>An Azure Storage connection string; <c>UseDevelopmentStorage=true</c> selects a local Azurite.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>3 to 63 letters and digits, starting with a letter; created on first use when missing.</summary>
    public required string TableName { get; init; }

    /// <summary>
    /// Serialized state above this size is refused with <see cref="GrainStateTooLargeException"/> before it is sent;
    /// at most <see cref="GrainStateEntity.MaxDataBytes"/>, what fits in one entity.
    /// </summary>
    public int MaxStateBytes { get; init; } = GrainStateEntity.MaxDataBytes;

    /// <summary>How long one attempt of a request may take before it counts as a timeout and is retried.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a 5xx, a 408, a timeout or a network failure; never after any other 4xx.</summary>
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>The wait before the first retry; each further retry waits about twice as long.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);
}
