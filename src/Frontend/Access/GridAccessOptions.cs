namespace Beddengrid.Frontend.Access;

/// <summary>Configuration section "Auth": the API keys that may use the grid, each with one role.</summary>
public sealed class GridAccessOptions
{
    public List<GridUser> Users { get; set; } = [];
}

/// <summary>One key holder. <see cref="Name"/> identifies the key (a team or a system), never a person.</summary>
public sealed class GridUser
{
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
    public string Role { get; set; } = "";
}
