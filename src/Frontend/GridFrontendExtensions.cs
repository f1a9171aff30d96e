using Beddengrid.Frontend.Access;
using Beddengrid.Frontend.Hub;
using Beddengrid.Frontend.Standalone;
using Beddengrid.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Beddengrid.Frontend;

public static class GridFrontendExtensions
{
    /// <summary>Where the build copies the pages (wwwroot and the SignalR client): next to the host's assemblies.</summary>
    public static string FilesFolder => Path.Combine(AppContext.BaseDirectory, "frontend");

    /// <summary>Enums travel as their names in the API, the feed and the hub alike (<see cref="EnumNames{TEnum}"/>).</summary>
    public static void UseGridJson(System.Text.Json.JsonSerializerOptions options) => options.Converters.Add(new EnumNameConverter());

    /// <summary>The hub and its coalescing broadcaster over the <see cref="GridPicture"/> registered in this process.</summary>
    public static IServiceCollection AddGridFrontend(this IServiceCollection services, IConfiguration? broadcast = null)
    {
        services.ConfigureHttpJsonOptions(o => UseGridJson(o.SerializerOptions));
        services.AddSignalR().AddJsonProtocol(o => UseGridJson(o.PayloadSerializerOptions));
        if (broadcast is not null)
        {
            services.Configure<GridBroadcastOptions>(broadcast);
        }
        services.TryAddSingleton<GridConnections>();
        services.AddHostedService<GridBroadcaster>();
        return services;
    }

    /// <summary>
    /// A frontend without grains: the picture mirrors a silo's change feed (section "Silo": Urls, ApiKey) and the pages'
    /// API calls are forwarded to that silo.
    /// </summary>
    public static IServiceCollection AddSiloMirror(this IServiceCollection services, IConfiguration silo)
    {
        services.Configure<SiloOptions>(silo);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GridPicture>();
        services.AddHttpClient(SiloFeedMirror.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(SiloApiForwarder.ClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<SiloOptions>>().Value.AnswerTimeout);
        services.AddHttpClient(ActiveSilo.ProbeClientName, client => client.Timeout = TimeSpan.FromSeconds(2));
        services.AddSingleton<ActiveSilo>();
        services.AddHostedService(sp => sp.GetRequiredService<ActiveSilo>());
        services.AddSingleton<SiloFeedMirror>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloFeedMirror>());
        return services;
    }

    /// <summary>The pages (static files, index = dashboard) and the hub at <see cref="GridFrontendPaths.Hub"/>.</summary>
    public static WebApplication MapGridFrontend(this WebApplication app)
    {
        if (!Directory.Exists(FilesFolder))
        {
            throw new InvalidOperationException($"The frontend's files are not at {FilesFolder}; build the host that references Beddengrid.Frontend.");
        }
        var files = new PhysicalFileProvider(FilesFolder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Pages change with every deployment and are tiny; never let a browser run an old page against a new hub.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.MapHub<GridHub>(GridFrontendPaths.Hub);
        return app;
    }

    /// <summary>Forwards every <c>/api</c> call of the pages to the silo.</summary>
    public static WebApplication MapSiloApi(this WebApplication app)
    {
        app.Map("/api/{**path}", (Delegate)SiloApiForwarder.Forward);
        return app;
    }
}
