using Beddengrid.Runtime;

namespace Beddengrid.Grains.Tests;

/// <summary>A state write and the audit entry of its transition go to the store together, and a refused write is not recorded.</summary>
public class AuditorTests
{
    private readonly MemoryAuditLog _log = new();
    private readonly Auditor _auditor;

    public AuditorTests() => _auditor = new Auditor(_log, TimeProvider.System);

    [Fact]
    public async Task A_stored_state_is_recorded_with_its_transition()
    {
        var state = new StubState();

        await _auditor.Store(state, "bed", "AZC001/B1", "held", "p1", "V1");

        Assert.Equal(1, state.Writes);
        var entry = Assert.Single(await _log.ForCaseAsync("V1"));
        Assert.Equal(("bed", "AZC001/B1", "held", "p1"), (entry.Subject, entry.SubjectKey, entry.Event, entry.PlacementId));
    }

    [Fact]
    public async Task A_write_the_store_refuses_as_it_is_called_records_nothing()
    {
        var state = new StubState { Refusal = new SiloNotActiveException("silo-a", "grid", TimeSpan.FromSeconds(5)) };

        await Assert.ThrowsAsync<SiloNotActiveException>(() => _auditor.Store(state, "bed", "AZC001/B1", "held", "p1", "V1"));

        Assert.Empty(await _log.ForCaseAsync("V1"));
    }

    /// <summary>Refuses its write synchronously, as the lease guard and the stores' size check do.</summary>
    private sealed class StubState : IPersistentState<BedState>
    {
        public Exception? Refusal { get; init; }
        public int Writes { get; private set; }
        public BedState State { get; set; } = new();
        public string? Etag => null;
        public bool RecordExists => Writes > 0;

        public Task ReadStateAsync() => Task.CompletedTask;

        public Task WriteStateAsync()
        {
            if (Refusal is not null)
            {
                throw Refusal;
            }
            Writes++;
            return Task.CompletedTask;
        }

        public Task ClearStateAsync() => Task.CompletedTask;
    }
}
