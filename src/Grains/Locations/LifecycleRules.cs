namespace Beddengrid.Grains;

public static class LifecycleRules
{
    /// <summary>planned → opening → open → closing → closed; a closing location may reopen; plans may be dropped.</summary>
    public static bool CanMove(Lifecycle from, Lifecycle to) => (from, to) switch
    {
        (Lifecycle.Planned, Lifecycle.Opening or Lifecycle.Closed) => true,
        (Lifecycle.Opening, Lifecycle.Open or Lifecycle.Closed) => true,
        (Lifecycle.Open, Lifecycle.Closing) => true,
        (Lifecycle.Closing, Lifecycle.Open or Lifecycle.Closed) => true,
        _ => false,
    };
}
