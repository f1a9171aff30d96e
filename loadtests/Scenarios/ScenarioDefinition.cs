using Beddengrid.Grains;
using Beddengrid.LoadTests.Arrivals;
using Beddengrid.LoadTests.Measurement;
using Beddengrid.LoadTests.Workload;

namespace Beddengrid.LoadTests.Scenarios;

/// <summary>A scenario file (loadtests/scenarios/*.json); loadtests/README.md documents every field.</summary>
public sealed record ScenarioDefinition
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public DatasetSpec Dataset { get; init; } = new();
    public LimitsSpec Limits { get; init; } = new();
    public required ArrivalsSpec Arrivals { get; init; }
    public JourneyMix Mix { get; init; } = new();
    public double ConfirmShare { get; init; } = 0.95;
    public HouseholdMix Households { get; init; } = HouseholdMix.Default;

    /// <summary>Seeded residents may depart and be transferred, not only the households this run placed.</summary>
    public bool ActOnSeededResidents { get; init; } = true;

    public LastBedsSpec? LastBeds { get; init; }
    public ClosureWaveSpec? ClosureWave { get; init; }
    public DashboardsSpec? Dashboards { get; init; }
    public StressSpec? Stress { get; init; }

    public void Validate()
    {
        if (ConfirmShare is < 0 or > 1)
        {
            throw new ArgumentException($"Scenario {Name}: confirmShare is a fraction between 0 and 1; got {ConfirmShare}.");
        }
        if (Stress is not null && Arrivals.Rate.Kind != RateKind.Step)
        {
            throw new ArgumentException($"Scenario {Name}: a stress search needs a step rate (arrivals.rate.kind = step); got {Arrivals.Rate.Kind}.");
        }
        if (Limits.DurationSeconds <= 0 || Limits.MaxArrivals <= 0 || Limits.MaxInFlight <= 0)
        {
            throw new ArgumentException($"Scenario {Name}: limits.durationSeconds, maxArrivals and maxInFlight bound every run, so each must be above 0; got {Limits}.");
        }
        if (Limits.WarmupSeconds < 0)
        {
            throw new ArgumentException($"Scenario {Name}: limits.warmupSeconds is 0 (no warm-up) or more; got {Limits.WarmupSeconds}.");
        }
        if (Dataset.Scale <= 0)
        {
            throw new ArgumentException($"Scenario {Name}: dataset.scale must be above 0 (1 is the national grid); got {Dataset.Scale}.");
        }
        Mix.Validate();
        Households.Validate();
        Dashboards?.Validate();
        try
        {
            // The rate profiles guard their own parameters; building one here refuses a bad rate before anything starts.
            RateFactory.Build(Arrivals.Rate, Mix, Households);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Scenario {Name}: arrivals.rate ({Arrivals.Rate.Kind}) is not usable: {e.Message}", e);
        }
    }
}

/// <summary>
/// The generated dataset. <see cref="AsOf"/> (yyyy-MM-dd) defaults to today: the grains judge contract ends against the
/// real clock, so a dataset dated in the past would have most of its contracts already lapsed.
/// </summary>
public sealed record DatasetSpec(double Scale = 1.0, int Seed = NationalDataset.DefaultSeed, string? AsOf = null)
{
    public DateOnly AsOfDate => AsOf is null
        ? DateOnly.FromDateTime(DateTime.UtcNow)
        : DateOnly.ParseExact(AsOf, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// How long and how much a run measures. <see cref="WarmupSeconds"/> first runs the same arrivals unmeasured, from the
/// start of the rate profile, so that a just-started silo's compilation and first activations are not taken for its
/// steady state; what the warm-up placed is still audited.
/// </summary>
public sealed record LimitsSpec(double DurationSeconds = 30, long MaxArrivals = 10_000_000, int MaxInFlight = 5_000, double WarmupSeconds = 0);

public sealed record ArrivalsSpec(ArrivalProcess Process, RateSpec Rate);

public enum RateKind
{
    Constant,
    Step,
    Influx,
}

/// <summary>Forecast scenarios for yearly asylum applications (DOMAIN.md).</summary>
public enum Forecast
{
    Minimum = 49_000,
    Medio = 67_000,
    Maximum = 77_000,
}

/// <summary>
/// A rate profile. constant: <see cref="PerSecond"/> journeys/s. step: from <see cref="Start"/>, +<see cref="Increment"/>
/// every <see cref="StepSeconds"/>, up to <see cref="Max"/>. influx: intakes from the <see cref="Forecast"/> compressed by
/// <see cref="Compression"/>, with the other journeys of the mix added in proportion.
/// </summary>
public sealed record RateSpec(
    RateKind Kind,
    double PerSecond = 0,
    double Start = 0,
    double Increment = 0,
    double StepSeconds = 0,
    double Max = 0,
    Forecast Forecast = Forecast.Medio,
    double Compression = 0,
    int BurstEveryWeeks = 4,
    double BurstFactor = 3);

/// <summary>Relative weights of the journeys an arrival starts; they are normalised.</summary>
public sealed record JourneyMix(double Intake = 1, double Transfer = 0, double Depart = 0, double Picture = 0)
{
    public double Total => Intake + Transfer + Depart + Picture;

    public void Validate()
    {
        if (Intake < 0 || Transfer < 0 || Depart < 0 || Picture < 0 || Total <= 0)
        {
            throw new ArgumentException($"Journey weights must be non-negative with a positive sum; got {this}.");
        }
    }
}

/// <summary>
/// Before the run, close every free bed but <see cref="FreeBeds"/> single-men beds at locations of <see cref="Kinds"/>
/// (by default the kinds that take just-registered people, so intake requests can race for them).
/// </summary>
public sealed record LastBedsSpec(int FreeBeds = 20, IReadOnlyList<LocationKind>? Kinds = null)
{
    public IReadOnlyList<LocationKind> KeepAt => Kinds ?? [LocationKind.RegistrationCentre, LocationKind.Tgo, LocationKind.Emergency];
}

/// <summary>
/// At <see cref="AtSeconds"/>, switch <see cref="LocationShare"/> of the open locations of <see cref="Kinds"/> (earliest
/// contract end first) to Closing and transfer their residents out at <see cref="TransfersPerSecond"/>, while intake goes on.
/// </summary>
public sealed record ClosureWaveSpec(double AtSeconds, double LocationShare, IReadOnlyList<LocationKind> Kinds, double TransfersPerSecond);

/// <summary>
/// Find the highest step rate at which <see cref="Operation"/>'s p99 stays under <see cref="TargetP99Ms"/>; stop after
/// the first judged step that breaks it. The first <see cref="WarmupSteps"/> steps are reported but not judged: they pay
/// for JIT compilation and first activations.
/// </summary>
public sealed record StressSpec(double TargetP99Ms, OperationKind Operation = OperationKind.Request, int WarmupSteps = 1);

/// <summary>
/// <see cref="Subscribers"/> dashboards connect to the silo's SignalR hub beside the arrivals (HTTP target only); the
/// run measures the lag from a held placement's acknowledgement to its first hub message, per subscriber.
/// </summary>
public sealed record DashboardsSpec(int Subscribers)
{
    public const int MaxSubscribers = 10_000;

    public void Validate()
    {
        if (Subscribers is < 1 or > MaxSubscribers)
        {
            throw new ArgumentException($"dashboards.subscribers is between 1 and {MaxSubscribers:N0}; got {Subscribers}.");
        }
    }
}
