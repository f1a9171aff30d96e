using System.Text.Json.Serialization;

namespace Beddengrid.Grains;

public enum AgeBand
{
    Child,
    Teen,
    Adult,
    Senior,
}

public enum Sex
{
    Male,
    Female,
    X,
}

public enum Relation
{
    Head,
    Partner,
    Child,
    Sibling,
    Other,
}

/// <summary>One person in a household: no name, no identity number, only what placement needs.</summary>
public sealed record Member(AgeBand AgeBand, Sex Sex, Relation Relation)
{
    public bool IsMinor => AgeBand is AgeBand.Child or AgeBand.Teen;
}

[Flags]
public enum Needs
{
    None = 0,
    Medical = 1,
    Wheelchair = 2,
}

/// <summary>The group of beds a household can be placed in; every bed suits exactly one group.</summary>
public enum BedGroup
{
    SingleMen,
    SingleWomen,
    Families,
    Minors,
}

/// <summary>The people placed together; they are held together or not at all.</summary>
public sealed record Household(IReadOnlyList<Member> Members)
{
    public const int MaxMembers = 20;

    public int Size => Members.Count;

    /// <summary>A household without an adult is unaccompanied minors: AMV places only.</summary>
    [JsonIgnore]
    public bool IsUnaccompaniedMinors { get; } = Members.All(m => m.IsMinor);

    // Derived once: the placement policy asks for each of these at every location it considers.
    [JsonIgnore]
    public BedGroup Group { get; } = Classify(Members);

    [JsonIgnore]
    public bool HasChildren { get; } = Members.Any(m => m.IsMinor) && !Members.All(m => m.IsMinor);

    public static Household Single(AgeBand ageBand, Sex sex) => new([new Member(ageBand, sex, Relation.Head)]);

    public bool Equals(Household? other) => other is not null && Members.SequenceEqual(other.Members);

    public override int GetHashCode() => Members.Aggregate(Members.Count, (hash, member) => HashCode.Combine(hash, member));

    private static BedGroup Classify(IReadOnlyList<Member> members) => members switch
    {
        _ when members.All(m => m.IsMinor) => BedGroup.Minors,
        [{ Sex: Sex.Female }] => BedGroup.SingleWomen,
        [_] => BedGroup.SingleMen,
        _ => BedGroup.Families,
    };
}
