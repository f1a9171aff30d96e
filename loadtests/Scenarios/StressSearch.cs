using Beddengrid.LoadTests.Arrivals;
using Beddengrid.LoadTests.Measurement;

namespace Beddengrid.LoadTests.Scenarios;

/// <summary>One step of a stress ramp: the rate asked for, what completed, and whether its p99 met the target.</summary>
public sealed record StressStep(int Step, double Rate, long Completed, long Errors, LatencySummary Latency, bool MetTarget, bool IsWarmup);

/// <summary>The outcome of a stress ramp: every completed step and the highest rate that met the target (null: none did).</summary>
public sealed record StressResult(StressSpec Spec, IReadOnlyList<StressStep> Steps)
{
    public StressStep? Highest => Steps.Where(s => !s.IsWarmup).TakeWhile(s => s.MetTarget).LastOrDefault();
}

/// <summary>Judges the completed steps of a step-rate run against a p99 target.</summary>
public sealed class StressSearch(StressSpec spec, StepRate rate)
{
    /// <summary>Steps fully finished by <paramref name="elapsed"/> (a second of slack lets their last calls complete).</summary>
    public StressResult Evaluate(RunRecorder recorder, TimeSpan elapsed)
    {
        var steps = new List<StressStep>();
        var stepSeconds = (int)Math.Round(rate.StepSeconds);
        for (var step = 0; (step + 1) * stepSeconds + 1 <= elapsed.TotalSeconds; step++)
        {
            var from = step * stepSeconds;
            var histogram = recorder.Merged(spec.Operation, from, from + stepSeconds);
            var errors = recorder.ErrorsBetween(spec.Operation, from, from + stepSeconds);
            var latency = histogram.Summarise();
            var met = latency.Count > 0 && errors == 0 && latency.P99.TotalMilliseconds < spec.TargetP99Ms;
            steps.Add(new StressStep(step, rate.RateAt(from), latency.Count, errors, latency, met, IsWarmup: step < spec.WarmupSteps));
            if (rate.RateAt(from) >= rate.Max)
            {
                break;
            }
        }
        return new StressResult(spec, steps);
    }

    /// <summary>True once a judged step has broken the target: higher steps can only be worse.</summary>
    public static bool ShouldStop(StressResult result) => result.Steps.Any(s => !s.IsWarmup && !s.MetTarget);
}
