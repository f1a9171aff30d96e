using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beddengrid.Frontend.Access;

public static class GridAccessServiceCollectionExtensions
{
    /// <summary>API-key authentication with the keys of <paramref name="auth"/> ("Auth:Users") and the three role policies.</summary>
    public static IServiceCollection AddGridAccess(this IServiceCollection services, IConfiguration auth)
    {
        services.Configure<GridAccessOptions>(auth);
        services.AddProblemDetails();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(GridRoles.Policies.Read, p => p.RequireRole(GridRoles.Viewer, GridRoles.Intake, GridRoles.Desk))
            .AddPolicy(GridRoles.Policies.Place, p => p.RequireRole(GridRoles.Intake, GridRoles.Desk))
            .AddPolicy(GridRoles.Policies.Manage, p => p.RequireRole(GridRoles.Desk));
        return services;
    }
}
