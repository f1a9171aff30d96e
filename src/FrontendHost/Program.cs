using Beddengrid.Frontend;
using Beddengrid.Frontend.Access;

namespace Beddengrid.Frontend.Host;

/// <summary>
/// The frontend as its own process: the same pages and hub as inside the silo, fed by the silo's change feed
/// (section "Silo": Urls, ApiKey), with the pages' API calls forwarded to that silo. Run several against one silo to
/// serve many dashboards.
/// </summary>
public static class FrontendHost
{
    public static void Main(string[] args) => Build(args).Run();

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddGridAccess(builder.Configuration.GetSection("Auth"));
        builder.Services.AddSiloMirror(builder.Configuration.GetSection("Silo"));
        builder.Services.AddGridFrontend(builder.Configuration.GetSection("Frontend:Broadcast"));

        var app = builder.Build();
        app.UseStatusCodePages(context => GridProblems.WriteForEmptyAnswer(context.HttpContext));
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapSiloApi();
        app.MapGridFrontend();
        return app;
    }
}
