using System.Linq.Expressions;
using System.Reflection;

namespace Beddengrid.Runtime;

/// <summary>Stands for a method returning plain <see cref="Task"/>, so that every call has one generic shape.</summary>
internal readonly struct NoResult;

/// <summary>A grain interface method compiled once into a direct call, with its interleaving rule.</summary>
internal abstract class GrainMethod
{
    protected GrainMethod(MethodInfo method)
    {
        Name = method.Name;
        IsReadOnly = method.IsDefined(typeof(ReadOnlyAttribute));
        Interleaves = method.IsDefined(typeof(InterleaveAttribute));
        IsOneWay = method.IsDefined(typeof(OneWayAttribute));
        if (IsOneWay && method.ReturnType != typeof(Task))
        {
            throw new NotSupportedException($"One-way grain method {method.DeclaringType?.Name}.{method.Name} must return Task: its caller never sees a result.");
        }
        Invoke = Compile(method);
    }

    public string Name { get; }
    public bool IsReadOnly { get; }

    /// <summary>Marked [Interleave]: may run while other interleaving or read-only calls wait at an await.</summary>
    public bool Interleaves { get; }
    public bool IsOneWay { get; }
    public Func<object, object?[], Task> Invoke { get; }

    public abstract Task Call(GrainReference reference, object?[] arguments);

    public static GrainMethod Create(MethodInfo method)
    {
        var returnType = method.ReturnType;
        Type resultType;
        if (returnType == typeof(Task))
        {
            resultType = typeof(NoResult);
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            resultType = returnType.GetGenericArguments()[0];
        }
        else
        {
            throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} returns {returnType.Name}; grain methods return Task or Task<T>.");
        }
        return (GrainMethod)Activator.CreateInstance(typeof(GrainMethod<>).MakeGenericType(resultType), method)!;
    }

    private static Func<object, object?[], Task> Compile(MethodInfo method)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var parameters = method.GetParameters()
            .Select((parameter, index) => Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(index)), parameter.ParameterType));
        var call = Expression.Call(Expression.Convert(target, method.DeclaringType!), method, parameters);
        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), target, arguments).Compile();
    }
}

internal sealed class GrainMethod<TResult>(MethodInfo method) : GrainMethod(method)
{
    public override Task Call(GrainReference reference, object?[] arguments)
    {
        if (IsOneWay)
        {
            reference.Send(new CallMessage<TResult>(this, arguments, null), allowInline: false).Ignore();
            return Task.CompletedTask;
        }
        var callerChain = reference.IsObserver ? null : CallChain.Current;
        if (callerChain is not null && !IsReadOnly && callerChain.Contains(reference.GrainId))
        {
            return Task.FromException<TResult>(new CallCycleException(callerChain.CycleTo(reference.GrainId)));
        }
        var message = new CallMessage<TResult>(this, arguments, callerChain);
        var outcome = reference.Send(message, allowInline: !reference.IsObserver);
        return outcome.IsCompleted ? outcome : reference.Runtime.WithResponseTimeout<TResult>(outcome, reference.GrainId, Name);
    }
}
