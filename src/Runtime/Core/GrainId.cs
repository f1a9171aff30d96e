namespace Beddengrid.Runtime;

/// <summary>Identity of a virtual actor: its grain type and a string key, as in Orleans.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>The part of the key before the first '/', so that e.g. all beds of one location share a partition.</summary>
    public string Partition
    {
        get
        {
            var slash = Key.IndexOf('/');
            return slash < 0 ? Key : Key[..slash];
        }
    }

    public override string ToString() => $"{Type}/{Key}";
}
