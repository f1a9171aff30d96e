namespace Beddengrid.Runtime;

public static class GrainClassName
{
    /// <summary>The grain type name under which the runtime stores and addresses <typeparamref name="TGrain"/>.</summary>
    public static string Of<TGrain>() where TGrain : Grain => GrainClass.TypeNameOf(typeof(TGrain));
}
