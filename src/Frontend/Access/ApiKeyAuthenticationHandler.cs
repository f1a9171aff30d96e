using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beddengrid.Frontend.Access;

/// <summary>
/// Authenticates a request by its API key: the <c>X-Api-Key</c> header, or <c>Authorization: Bearer</c>, or — only for
/// the hub and the feed, because browsers cannot set headers on WebSockets and EventSource — the <c>access_token</c>
/// query parameter.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<GridAccessOptions> access) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = PresentedKey();
        if (key is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var user = access.CurrentValue.Users.FirstOrDefault(u => u.Key.Length > 0 && FixedTimeEquals(u.Key, key));
        if (user is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        var reason = PresentedKey() is null
            ? $"Send an API key in the {HeaderName} header."
            : "The API key is not known.";
        return GridProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, HeaderName, reason);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        return GridProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "role", $"The role '{role}' may not do this.");
    }

    private string? PresentedKey()
    {
        if (Request.Headers[HeaderName] is [{ Length: > 0 } header])
        {
            return header;
        }
        if (Request.Headers.Authorization is [{ } authorization] && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        var path = Request.Path;
        return path.StartsWithSegments(GridFrontendPaths.Hub) || path.StartsWithSegments(GridFrontendPaths.Feed)
            ? Request.Query["access_token"].FirstOrDefault()
            : null;
    }

    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
