using System.Security.Claims;
using Beddengrid.Grains;
using Beddengrid.Runtime;

namespace Beddengrid.Silo.Http;

/// <summary>Carries the caller's role into every grain the request reaches, so the audit log records who acted: a role, never a person.</summary>
public sealed class ActingRole : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.User.FindFirstValue(ClaimTypes.Role) is { } role)
        {
            RequestContext.Set(Auditor.ActorKey, role);
        }
        return next(context);
    }
}
