using Beddengrid.Grains;

namespace Beddengrid.LoadTests.Workload;

/// <summary>
/// Who asks for a bed, as shares that need not sum to 1 (they are normalised). The defaults follow the intake at Ter
/// Apel: mostly single adult men, some single women, families of 2–6 with children, a few unaccompanied minors, and
/// about 3% with medical needs.
/// </summary>
public sealed record HouseholdMix
{
    public double SingleMen { get; init; } = 0.62;
    public double SingleWomen { get; init; } = 0.12;
    public double Families { get; init; } = 0.22;
    public double UnaccompaniedMinors { get; init; } = 0.04;
    public double MedicalNeeds { get; init; } = 0.03;

    /// <summary>The phase each new request is in; intake asks for just-registered people unless a scenario says otherwise.</summary>
    public IReadOnlyDictionary<Phase, double> Phases { get; init; } = new Dictionary<Phase, double> { [Phase.JustRegistered] = 1 };

    public static readonly HouseholdMix Default = new();

    /// <summary>Mean persons per household under this mix (families are 2–6, uniformly).</summary>
    public double MeanSize
    {
        get
        {
            var total = SingleMen + SingleWomen + Families + UnaccompaniedMinors;
            return (SingleMen + SingleWomen + UnaccompaniedMinors + Families * 4) / total;
        }
    }

    public void Validate()
    {
        double[] shares = [SingleMen, SingleWomen, Families, UnaccompaniedMinors];
        if (shares.Any(s => s < 0) || shares.Sum() <= 0)
        {
            throw new ArgumentException($"Household shares must be non-negative with a positive sum; got men {SingleMen}, women {SingleWomen}, families {Families}, minors {UnaccompaniedMinors}.");
        }
        if (MedicalNeeds is < 0 or > 1)
        {
            throw new ArgumentException($"The medical-needs share is a fraction between 0 and 1; got {MedicalNeeds}.");
        }
        if (Phases.Count == 0 || Phases.Values.Any(w => w < 0) || Phases.Values.Sum() <= 0)
        {
            throw new ArgumentException("Phases need at least one phase with a positive weight.");
        }
    }
}

/// <summary>Draws households, needs and phases from a <see cref="HouseholdMix"/>. Not thread-safe: one per worker or under a lock.</summary>
public sealed class HouseholdGenerator
{
    private readonly HouseholdMix _mix;
    private readonly Random _random;
    private readonly (Phase Phase, double Cumulative)[] _phases;
    private readonly Lock _draw = new();

    public HouseholdGenerator(HouseholdMix mix, Random random)
    {
        mix.Validate();
        _mix = mix;
        _random = random;
        var total = mix.Phases.Values.Sum();
        var cumulative = 0.0;
        _phases = [.. mix.Phases.Select(p => (p.Key, cumulative += p.Value / total))];
    }

    /// <summary>The next household; concurrent journeys draw from one seeded sequence, so drawing is serialised.</summary>
    public (Household Household, Needs Needs, Phase Phase) Next()
    {
        lock (_draw)
        {
            var household = NextHousehold();
            var needs = _random.NextDouble() < _mix.MedicalNeeds ? Needs.Medical : Needs.None;
            var phase = household.IsUnaccompaniedMinors ? Phase.JustRegistered : NextPhase();
            return (household, needs, phase);
        }
    }

    private Household NextHousehold()
    {
        var total = _mix.SingleMen + _mix.SingleWomen + _mix.Families + _mix.UnaccompaniedMinors;
        var roll = _random.NextDouble() * total;
        if ((roll -= _mix.SingleMen) < 0)
        {
            return Household.Single(_random.NextDouble() < 0.95 ? AgeBand.Adult : AgeBand.Senior, Sex.Male);
        }
        if ((roll -= _mix.SingleWomen) < 0)
        {
            return Household.Single(AgeBand.Adult, Sex.Female);
        }
        if ((roll -= _mix.Families) < 0)
        {
            return Family(_random.Next(2, 7));
        }
        return Household.Single(AgeBand.Teen, _random.NextDouble() < 0.85 ? Sex.Male : Sex.Female);
    }

    /// <summary>One or two parents and their children; a family always has at least one child.</summary>
    private Household Family(int size)
    {
        var twoParents = size > 2 && _random.NextDouble() < 0.7;
        List<Member> members = [new(AgeBand.Adult, twoParents || _random.NextDouble() < 0.8 ? Sex.Female : Sex.Male, Relation.Head)];
        if (twoParents)
        {
            members.Add(new Member(AgeBand.Adult, Sex.Male, Relation.Partner));
        }
        while (members.Count < size)
        {
            members.Add(new Member(_random.NextDouble() < 0.6 ? AgeBand.Child : AgeBand.Teen, _random.NextDouble() < 0.5 ? Sex.Male : Sex.Female, Relation.Child));
        }
        return new Household(members);
    }

    private Phase NextPhase()
    {
        var roll = _random.NextDouble();
        foreach (var (phase, cumulative) in _phases)
        {
            if (roll < cumulative)
            {
                return phase;
            }
        }
        return _phases[^1].Phase;
    }
}
