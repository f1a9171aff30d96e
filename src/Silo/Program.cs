using Beddengrid.Frontend;
using Beddengrid.Frontend.Access;
using Beddengrid.Grains;
using Beddengrid.Silo.Api;
using Beddengrid.Silo.Hosting;

// The deployment, in order: configuration → store → grains → first-start seeding and loading → API → change feed →
// health → hub and pages. See README "Running the silo" for the settings.
var builder = WebApplication.CreateBuilder(args);
var configuration = builder.Configuration;

builder.Services.AddGridStore(configuration.GetSection("Store"), configuration.GetSection("Lease"));
builder.Services.AddGrid(grid => configuration.GetSection("Grid").Bind(grid));
builder.Services.AddGridStartup(configuration.GetSection("Seed"));
builder.Services.AddGridAccess(configuration.GetSection("Auth"));
builder.Services.AddGridApi(configuration.GetSection("RateLimit"));
builder.Services.AddGridFrontend(configuration.GetSection("Frontend:Broadcast"));

var app = builder.Build();

app.UseGridApiErrors();
app.UseGridLoadingGate();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapGridApi();
app.MapGridHealth();
if (configuration.GetValue("Frontend:Enabled", defaultValue: true))
{
    app.MapGridFrontend();
}

app.Run();
