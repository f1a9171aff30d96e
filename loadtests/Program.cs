using System.CommandLine;
using Beddengrid.Grains;
using Beddengrid.LoadTests.Benchmarks;
using Beddengrid.LoadTests.Reporting;
using Beddengrid.LoadTests.Scenarios;
using Beddengrid.LoadTests.Targets;
using Beddengrid.LoadTests.Targets.Http;

namespace Beddengrid.LoadTests;

public static class Program
{
    private static readonly string[] ShippedScenarios = ["influx", "last-beds", "closure-wave", "stress", "sustained-placements", "dashboards"];

    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("""
            Beddengrid load tests: runtime and grid benchmarks, and the open-model load driver with scenario files,
            invariant audit and Markdown/SVG/CSV reports. Every run stops by itself (duration and count limits).
            Scenarios: influx, last-beds, closure-wave, stress, sustained-placements, dashboards (files in scenarios/), or
            'run <file>' for your own; against the in-process grid or, with --target http --url, a running silo (loopback only).
            """);
        root.Subcommands.Add(RuntimeBenchCommand());
        root.Subcommands.Add(GridBenchCommand());
        foreach (var name in ShippedScenarios)
        {
            root.Subcommands.Add(ScenarioCommand(name, $"Runs scenarios/{name}.json against the in-process grid or a silo (see loadtests/README.md).", fileArgument: null));
        }
        root.Subcommands.Add(ScenarioCommand("run", "Runs a scenario file of your own against the in-process grid or a silo.",
            new Argument<FileInfo>("scenario-file") { Description = "Path to a scenario JSON file (format: loadtests/README.md)." }));
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>The exit code of an option or scenario file that cannot work (sysexits' EX_USAGE); 2 is a failed audit.</summary>
    public const int UsageError = 64;

    /// <summary>
    /// Checks what the user gave before anything starts. What it gets wrong is the user's to fix, so it is said as an
    /// error line, not a stack trace; a failure later in a run is the driver's and keeps its stack trace.
    /// </summary>
    private static bool TryPrepare<T>(Func<T> prepare, out T prepared)
    {
        try
        {
            prepared = prepare();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            prepared = default!;
            return false;
        }
    }

    private static Command RuntimeBenchCommand()
    {
        var grains = new Option<int>("--grains") { Description = "Ping grains the calls spread over.", DefaultValueFactory = _ => 1_000 };
        var workers = new Option<int>("--workers") { Description = "Closed model: concurrent workers, each awaiting one call at a time.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var rate = new Option<double>("--rate") { Description = "Open model: calls per second in total; 0 skips the open model.", DefaultValueFactory = _ => 500_000 };
        var pacers = new Option<int>("--pacers") { Description = "Open model: threads issuing calls on schedule (each spins between calls; one leaves a core for the runtime and GC).", DefaultValueFactory = _ => 1 };
        var duration = new Option<double>("--duration") { Description = "Seconds measured per run.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of unmeasured calls first (JIT, tiering).", DefaultValueFactory = _ => 3 };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "Open model: calls still queued beyond this are shed and reported.", DefaultValueFactory = _ => 10_000 };
        var repeat = new Option<int>("--repeat") { Description = "Runs of each mode; the best is reported (the machine may be busy).", DefaultValueFactory = _ => 2 };
        var command = new Command("runtime-bench", "Grain-call throughput and latency of the runtime alone (trivial ping grains, memory store).")
        {
            grains, workers, rate, pacers, duration, warmup, maxInFlight, repeat,
        };
        command.SetAction(async (parse, _) =>
        {
            var options = new RuntimeBenchmarkOptions(parse.GetValue(grains), parse.GetValue(workers), parse.GetValue(rate), parse.GetValue(pacers),
                TimeSpan.FromSeconds(parse.GetValue(duration)), TimeSpan.FromSeconds(parse.GetValue(warmup)), parse.GetValue(maxInFlight));
            Console.WriteLine($"Machine: {MachineInfo.Current()}");
            await using var benchmark = new RuntimeBenchmark(options);
            await benchmark.StartAsync();
            var closed = new List<BenchmarkResult>();
            var open = new List<BenchmarkResult>();
            for (var run = 1; run <= parse.GetValue(repeat); run++)
            {
                closed.Add(await benchmark.ClosedLoop());
                Console.WriteLine($"run {run}: {closed[^1]}");
                if (options.OpenRate > 0)
                {
                    open.Add(benchmark.OpenLoop());
                    Console.WriteLine($"run {run}: {open[^1]} (shed: {open[^1].Errors:N0})");
                }
            }
            Console.WriteLine($"best closed: {BenchmarkResult.Best(closed, byLatency: false)}");
            if (open.Count > 0)
            {
                Console.WriteLine($"best open:   {BenchmarkResult.Best(open, byLatency: true)}");
            }
            return 0;
        });
        return command;
    }

    private static Command GridBenchCommand()
    {
        var scale = new Option<double>("--scale") { Description = "Dataset scale: 1 is the full national grid (~96k places).", DefaultValueFactory = _ => 1.0 };
        var workers = new Option<int>("--workers") { Description = "Closed-loop placement workers.", DefaultValueFactory = _ => 32 };
        var lag = new Option<int>("--departure-lag") { Description = "Households placed before departures start; then one departs per placement (keep it below the grid's free beds).", DefaultValueFactory = _ => 100 };
        var duration = new Option<double>("--duration") { Description = "Seconds measured per phase and run.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of unmeasured placements first.", DefaultValueFactory = _ => 3 };
        var pictureThreads = new Option<int>("--picture-threads") { Description = "Threads reading the picture's national totals.", DefaultValueFactory = _ => 2 };
        var repeat = new Option<int>("--repeat") { Description = "Runs; the best is reported (the machine may be busy).", DefaultValueFactory = _ => 2 };
        var store = new Option<StoreKind>("--store")
        {
            Description = "Memory; Sqlite: every write acknowledged only after its group commit, in a new temporary folder per run; "
                + "AzureTable: the Table service at --azure, in a new table per run.",
            DefaultValueFactory = _ => StoreKind.Memory,
        };
        var azure = new Option<string>("--azure") { Description = "Azure Storage connection string for --store AzureTable.", DefaultValueFactory = _ => "UseDevelopmentStorage=true" };
        var command = new Command("grid-bench", "Steady-state household placements and picture queries on the seeded national grid, in-process.")
        {
            scale, workers, lag, duration, warmup, pictureThreads, repeat, store, azure,
        };
        command.SetAction(async (parse, _) =>
        {
            var options = new GridBenchmarkOptions(parse.GetValue(scale), parse.GetValue(workers), parse.GetValue(lag),
                TimeSpan.FromSeconds(parse.GetValue(duration)), TimeSpan.FromSeconds(parse.GetValue(warmup)), parse.GetValue(pictureThreads));
            if (!TryPrepare(() => { options.Validate(); return options; }, out GridBenchmarkOptions _))
            {
                return UsageError;
            }
            Console.WriteLine($"Machine: {MachineInfo.Current()}");
            var results = new List<GridBenchmarkResult>();
            for (var run = 1; run <= parse.GetValue(repeat); run++)
            {
                var dataset = Beddengrid.Grains.NationalDataset.Generate(new DatasetSpec().AsOfDate, scale: options.Scale);
                var folder = Directory.CreateTempSubdirectory("beddengrid-bench-");
                var storeOptions = new GridStoreOptions
                {
                    Kind = parse.GetValue(store),
                    DataFolder = folder.FullName,
                    ConnectionString = parse.GetValue(azure),
                    TableName = $"bench{DateTime.UtcNow:yyyyMMddHHmmss}",
                };
                await using var grid = await InProcessGrid.StartAsync(dataset, storeOptions);
                Console.WriteLine($"run {run}: {parse.GetValue(store)} store; seeded {dataset.Locations.Count:N0} locations, {dataset.Beds:N0} beds, {dataset.Residents.Count:N0} resident households");
                var result = await new GridBenchmark(options).RunAsync(grid);
                results.Add(result);
                Console.WriteLine($"run {run}: {result.Placements}");
                Console.WriteLine($"         request p50 {Format.Ms(result.Request.P50)} p99 {Format.Ms(result.Request.P99)} ms; confirm p50 {Format.Ms(result.Confirm.P50)} p99 {Format.Ms(result.Confirm.P99)} ms; depart p50 {Format.Ms(result.Depart.P50)} p99 {Format.Ms(result.Depart.P99)} ms; waiting {result.Waiting:N0}");
                foreach (var (text, count) in result.WaitingReasons.OrderByDescending(e => e.Value).Take(3).Concat(result.Errors.OrderByDescending(e => e.Value).Take(3)))
                {
                    Console.WriteLine($"         {count:N0} × {text}");
                }
                Console.WriteLine($"run {run}: {result.Picture}");
            }
            Console.WriteLine($"best placements: {BenchmarkResult.Best(results.Select(r => r.Placements), byLatency: false)}");
            Console.WriteLine($"best picture:    {BenchmarkResult.Best(results.Select(r => r.Picture), byLatency: false)}");
            return 0;
        });
        return command;
    }

    private static Command ScenarioCommand(string name, string description, Argument<FileInfo>? fileArgument)
    {
        var duration = new Option<double?>("--duration") { Description = "Override the scenario's duration in seconds." };
        var maxArrivals = new Option<long?>("--max-arrivals") { Description = "Override the scenario's maximum number of arrivals." };
        var maxInFlight = new Option<int?>("--max-in-flight") { Description = "Override the in-flight bound (arrivals beyond it are shed and reported)." };
        var scale = new Option<double?>("--scale") { Description = "Override the dataset scale (1 = national grid; 0.05 for a quick run)." };
        var forecast = new Option<Forecast?>("--forecast") { Description = "Influx rates: Minimum (49k/year), Medio (67k) or Maximum (77k)." };
        var compression = new Option<double?>("--compression") { Description = "Influx rates: model seconds per real second." };
        var rate = new Option<double?>("--rate") { Description = "Constant rates: journeys per second." };
        var warmup = new Option<double?>("--warmup") { Description = "Override the scenario's warm-up in seconds: the same arrivals first, unmeasured but audited (0 for none)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Report folder.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("loadtest-results", $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}")) };
        var target = new Option<TargetKind>("--target") { Description = "InProcess: the grid in this process (memory store). Http: a running silo at --url.", DefaultValueFactory = _ => TargetKind.InProcess };
        var url = new Option<string?>("--url") { Description = "The silo's address for --target http, e.g. http://127.0.0.1:5080 (loopback only unless --allow-remote)." };
        var apiKey = new Option<string>("--api-key") { Description = "X-Api-Key for --target http: a desk key may place, transfer and depart; an intake key only places.", DefaultValueFactory = _ => "dev-desk-key" };
        var connections = new Option<int>("--connections")
        {
            Description = "--target http: pooled HTTP connections, i.e. the most requests the silo sees at once. Arrivals that find them all busy wait in the driver, "
                + "so keep connections above calls per second × seconds per call: 10,000 calls/s of 6 ms each already need 60.",
            DefaultValueFactory = _ => 256,
        };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow a --url that is not a loopback address (never for shared machines)." };
        var command = new Command(name, description) { duration, maxArrivals, maxInFlight, scale, forecast, compression, rate, warmup, output, target, url, apiKey, connections, allowRemote };
        if (fileArgument is not null)
        {
            command.Arguments.Add(fileArgument);
        }
        command.SetAction(async (parse, cancel) =>
        {
            if (!TryPrepare(() => ScenarioOverrides.Apply(
                    ScenarioLoader.Load(fileArgument is null ? name : parse.GetRequiredValue(fileArgument).FullName),
                    new ScenarioOverrides(
                        parse.GetValue(duration), parse.GetValue(maxArrivals), parse.GetValue(maxInFlight), parse.GetValue(scale),
                        parse.GetValue(forecast), parse.GetValue(compression), parse.GetValue(rate), parse.GetValue(warmup))),
                out var scenario))
            {
                return UsageError;
            }
            HttpTargetOptions? http = null;
            if (parse.GetValue(target) == TargetKind.Http && !TryPrepare(
                    () => new HttpTargetOptions(TargetUrl(parse.GetValue(url)), parse.GetValue(apiKey)!, parse.GetValue(connections), TimeSpan.FromSeconds(30), parse.GetValue(allowRemote)),
                    out http))
            {
                return UsageError;
            }
            Console.WriteLine($"Scenario {scenario.Name}: {scenario.Description}");
            Console.WriteLine($"Machine: {MachineInfo.Current()}");
            var dataset = ScenarioRunner.DatasetFor(scenario);
            await using var grid = http is null ? (IGridTarget)await InProcessGrid.StartAsync(dataset) : await HttpGridTarget.StartAsync(http, dataset);
            Console.WriteLine($"Target: {grid.Description}; {dataset.Locations.Count:N0} locations, {dataset.Beds:N0} beds, {dataset.Residents.Count:N0} resident households.");
            var result = await new ScenarioRunner(scenario, Console.Out).RunAsync(grid, dataset, cancel);
            var report = RunReportWriter.Write(result, parse.GetValue(output)!.FullName, "dotnet run -c Release --project loadtests -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
            Console.WriteLine($"Audit {(result.Audit.Passed ? "passed" : $"FAILED with {result.Audit.Violations.Count} violations")}; report: {report}");
            return result.Audit.Passed ? 0 : 2;
        });
        return command;
    }

    private static Uri TargetUrl(string? url) =>
        url is null ? throw new ArgumentException("--target http needs --url, e.g. --url http://127.0.0.1:5080.")
        : Uri.TryCreate(url, UriKind.Absolute, out var address) ? address
        : throw new ArgumentException($"--url '{url}' is not an absolute URL such as http://127.0.0.1:5080.");
}

/// <summary>What a scenario runs against.</summary>
public enum TargetKind
{
    InProcess,
    Http,
}
