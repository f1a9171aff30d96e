namespace Beddengrid.Frontend.Access;

/// <summary>
/// Who may do what. Intake staff place people and read; the placement desk does everything; viewers (provinces,
/// municipalities, IND, Nidos) only read. The role is also the actor in the audit log: never a person's name.
/// </summary>
public static class GridRoles
{
    public const string Intake = "intake";
    public const string Desk = "desk";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Intake, Desk, Viewer];

    /// <summary>Authorization policies, named by what they allow.</summary>
    public static class Policies
    {
        public const string Read = "read";
        public const string Place = "place";
        public const string Manage = "manage";
    }
}
