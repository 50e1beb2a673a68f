using System.Globalization;

namespace DynaLay.Envs.Gym;

/// <summary>
/// A port of the intent of Gymnasium's <c>check_env</c>: runs every check in <see cref="EnvCheckNames"/> against an
/// env and reports all failures together, so one run shows everything that needs fixing.
/// </summary>
public static class EnvChecker
{
    /// <summary>How many values are drawn from <see cref="IEnv{TObs, TAct}.NpRandom"/> to compare RNG states.</summary>
    private const int RngProbeDraws = 8;

    private const int RandomStepCount = 10;

    /// <summary>Runs every check; throws <see cref="EnvCheckException"/> listing every failed one.</summary>
    /// <param name="makeEnv">Builds the env under test; the env is closed by the checker.</param>
    /// <param name="obsComparer">Observation equality; defaults to <see cref="ObservationComparers.Default{T}"/>.</param>
    /// <param name="seed">Seed for resets and action sampling; <c>seed + 1</c> is used as the "different" seed.</param>
    public static void Check<TObs, TAct>(Func<IEnv<TObs, TAct>> makeEnv, IEqualityComparer<TObs>? obsComparer = null, int seed = 42)
    {
        var failures = Run(makeEnv, obsComparer, seed);
        if (failures.Count > 0)
        {
            throw new EnvCheckException(failures);
        }
    }

    /// <summary>Runs every check and returns the failures (empty when the env passes) instead of throwing.</summary>
    public static IReadOnlyList<EnvCheckFailure> Run<TObs, TAct>(Func<IEnv<TObs, TAct>> makeEnv, IEqualityComparer<TObs>? obsComparer = null, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(makeEnv);
        var comparer = obsComparer ?? ObservationComparers.Default<TObs>();
        var failures = new List<EnvCheckFailure>();

        IEnv<TObs, TAct> env;
        try
        {
            env = makeEnv() ?? throw new InvalidOperationException("The env factory returned null.");
        }
        catch (Exception ex)
        {
            failures.Add(new EnvCheckFailure(EnvCheckNames.Construction, Describe(ex)));
            return failures;
        }

        try
        {
            var checks = new Checks<TObs, TAct>(env, comparer, seed, failures);
            checks.Spaces();
            checks.ResetReturns();
            checks.ResetSeeding();
            checks.StepReturns();
            checks.StepDeterminism();
            checks.RandomSteps();
            checks.CloseTwice();
        }
        finally
        {
            // The close check already disposed it when it passed; this only covers failures on the way.
            try
            {
                env.Dispose();
            }
            catch (Exception)
            {
                // Already reported by the close check.
            }
        }

        return failures;
    }

    private static string Describe(Exception ex) => $"threw {ex.GetType().Name}: {ex.Message}";

    private static string Format(object? value)
    {
        const int maxElements = 8;
        return value switch
        {
            null => "null",
            float[] a => "[" + string.Join(", ", a.Take(maxElements).Select(x => x.ToString("R", CultureInfo.InvariantCulture)))
                + (a.Length > maxElements ? $", ... ({a.Length} elements)" : string.Empty) + "]",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? value.GetType().Name,
        };
    }

    /// <summary>The checks against one env instance; each records its own failures and never throws.</summary>
    private sealed class Checks<TObs, TAct>(IEnv<TObs, TAct> env, IEqualityComparer<TObs> comparer, int seed, List<EnvCheckFailure> failures)
    {
        public void Spaces() => Guard(EnvCheckNames.SpacesValid, () =>
        {
            CheckSpace(env.ObservationSpace, "observation space");
            CheckSpace(env.ActionSpace, "action space");
        });

        public void ResetReturns() => Guard(EnvCheckNames.ResetObservationInSpace, () =>
        {
            var (observation, info) = env.Reset(seed);
            if (!env.ObservationSpace.Contains(observation))
            {
                Fail(EnvCheckNames.ResetObservationInSpace, $"Reset(seed: {seed}) returned observation {Format(observation)}, which is not in {env.ObservationSpace}.");
            }

            if (info is null)
            {
                Fail(EnvCheckNames.ResetInfoNotNull, $"Reset(seed: {seed}) returned a null info.");
            }
        });

        public void ResetSeeding() => Guard(EnvCheckNames.ResetSameSeedDeterministic, () =>
        {
            var (first, _) = env.Reset(seed);
            var firstDraws = Probe(env.NpRandom);
            var (second, _) = env.Reset(seed);
            var secondDraws = Probe(env.NpRandom);
            if (!comparer.Equals(first, second))
            {
                Fail(EnvCheckNames.ResetSameSeedDeterministic, $"Reset(seed: {seed}) twice gave different observations: {Format(first)} vs {Format(second)}.");
            }

            if (!firstDraws.SequenceEqual(secondDraws))
            {
                Fail(EnvCheckNames.ResetSameSeedDeterministic, $"Reset(seed: {seed}) twice left NpRandom in different states (its next draws differ); is the seed passed to NpRandom?");
            }

            Guard(EnvCheckNames.ResetDifferentSeedChangesRng, () =>
            {
                env.Reset(unchecked(seed + 1));
                if (Probe(env.NpRandom).SequenceEqual(firstDraws))
                {
                    Fail(EnvCheckNames.ResetDifferentSeedChangesRng, $"Reset(seed: {seed}) and Reset(seed: {unchecked(seed + 1)}) left NpRandom in the same state; is the seed ignored?");
                }
            });
        });

        public void StepReturns() => Guard(EnvCheckNames.StepObservationInSpace, () =>
        {
            env.ActionSpace.Seed(seed);
            env.Reset(seed);
            var action = env.ActionSpace.Sample();
            var result = env.Step(action);
            if (!double.IsFinite(result.Reward))
            {
                Fail(EnvCheckNames.StepRewardFinite, $"Step({Format(action)}) returned reward {Format(result.Reward)}.");
            }

            if (!env.ObservationSpace.Contains(result.Observation))
            {
                Fail(EnvCheckNames.StepObservationInSpace, $"Step({Format(action)}) returned observation {Format(result.Observation)}, which is not in {env.ObservationSpace}.");
            }

            if (result.Info is null)
            {
                Fail(EnvCheckNames.StepInfoNotNull, $"Step({Format(action)}) returned a null info.");
            }

            if (result.Truncated)
            {
                Fail(EnvCheckNames.FirstStepNotTruncated, $"The first Step({Format(action)}) after Reset returned Truncated = true.");
            }
        });

        public void StepDeterminism() => Guard(EnvCheckNames.StepDeterministic, () =>
        {
            env.ActionSpace.Seed(seed);
            var action = env.ActionSpace.Sample();
            env.Reset(seed);
            var a = env.Step(action);
            env.Reset(seed);
            var b = env.Step(action);

            var differences = new List<string>();
            if (!comparer.Equals(a.Observation, b.Observation))
            {
                differences.Add($"observation {Format(a.Observation)} vs {Format(b.Observation)}");
            }

            if (!a.Reward.Equals(b.Reward))
            {
                differences.Add($"reward {Format(a.Reward)} vs {Format(b.Reward)}");
            }

            if (a.Terminated != b.Terminated)
            {
                differences.Add($"terminated {a.Terminated} vs {b.Terminated}");
            }

            if (a.Truncated != b.Truncated)
            {
                differences.Add($"truncated {a.Truncated} vs {b.Truncated}");
            }

            var keysA = a.Info?.Keys.Order(StringComparer.Ordinal).ToArray() ?? [];
            var keysB = b.Info?.Keys.Order(StringComparer.Ordinal).ToArray() ?? [];
            if (!keysA.SequenceEqual(keysB))
            {
                differences.Add($"info keys [{string.Join(", ", keysA)}] vs [{string.Join(", ", keysB)}]");
            }

            if (differences.Count > 0)
            {
                Fail(EnvCheckNames.StepDeterministic, $"Reset(seed: {seed}) + Step({Format(action)}) twice differed: {string.Join("; ", differences)}.");
            }
        });

        public void RandomSteps() => Guard(EnvCheckNames.RandomStepsFinite, () =>
        {
            env.ActionSpace.Seed(seed);
            env.Reset(seed);
            var reported = false;
            for (var i = 0; i < RandomStepCount && !reported; i++)
            {
                var action = env.ActionSpace.Sample();
                var result = env.Step(action);
                if (!Finiteness.IsFinite(result.Observation))
                {
                    Fail(EnvCheckNames.RandomStepsFinite, $"Random step {i} (action {Format(action)}) returned observation {Format(result.Observation)} with NaN or infinity.");
                    reported = true;
                }

                if (!double.IsFinite(result.Reward))
                {
                    Fail(EnvCheckNames.RandomStepsFinite, $"Random step {i} (action {Format(action)}) returned reward {Format(result.Reward)}.");
                    reported = true;
                }

                if (result.Terminated || result.Truncated)
                {
                    env.Reset();
                }
            }
        });

        public void CloseTwice() => Guard(EnvCheckNames.CloseIdempotent, () =>
        {
            env.Close();
            env.Close();
            env.Dispose();
        });

        private static long[] Probe(Random random)
        {
            var draws = new long[RngProbeDraws];
            for (var i = 0; i < draws.Length; i++)
            {
                draws[i] = random.NextInt64();
            }

            return draws;
        }

        private void CheckSpace<T>(ISpace<T>? space, string which)
        {
            switch (space)
            {
                case null:
                    Fail(EnvCheckNames.SpacesValid, $"The {which} is null.");
                    break;
                case Box box:
                    CheckBox(box, which);
                    break;
                case Discrete discrete when discrete.N <= 0:
                    Fail(EnvCheckNames.SpacesValid, $"The {which} {discrete} has n <= 0.");
                    break;
            }
        }

        private void CheckBox(Box box, string which)
        {
            long size = 1;
            foreach (var dim in box.Shape)
            {
                size *= dim;
            }

            if (box.Shape.Any(d => d < 0) || size != box.Size)
            {
                Fail(EnvCheckNames.SpacesValid, $"The {which} {box} has Size {box.Size}, which does not match its shape.");
            }

            if (box.Low.Length != box.Size || box.High.Length != box.Size)
            {
                Fail(EnvCheckNames.SpacesValid, $"The {which} {box} has bounds of lengths {box.Low.Length} and {box.High.Length}, expected {box.Size}.");
                return;
            }

            for (var i = 0; i < box.Size; i++)
            {
                if (!(box.Low[i] <= box.High[i]))
                {
                    Fail(EnvCheckNames.SpacesValid, $"The {which} {box} has low[{i}] = {Format(box.Low[i])} not <= high[{i}] = {Format(box.High[i])}.");
                    return;
                }
            }
        }

        private void Guard(string check, Action body)
        {
            try
            {
                body();
            }
            catch (Exception ex)
            {
                Fail(check, Describe(ex));
            }
        }

        private void Fail(string check, string message) => failures.Add(new EnvCheckFailure(check, message));
    }
}
