namespace DynaLay.Envs.Gym;

/// <summary>Names of the checks run by <see cref="EnvChecker"/>, as they appear in <see cref="EnvCheckFailure.Check"/>.</summary>
public static class EnvCheckNames
{
    /// <summary>The env factory returned an env without throwing.</summary>
    public const string Construction = "env construction";

    /// <summary>Spaces are non-null and well formed (Box low &lt;= high, bounds match shape; Discrete n &gt; 0).</summary>
    public const string SpacesValid = "spaces valid";

    /// <summary>Reset returns an observation inside the observation space.</summary>
    public const string ResetObservationInSpace = "reset observation in space";

    /// <summary>Reset returns a non-null info.</summary>
    public const string ResetInfoNotNull = "reset info not null";

    /// <summary>Reset with the same seed twice gives equal observations and equal RNG state.</summary>
    public const string ResetSameSeedDeterministic = "reset same seed deterministic";

    /// <summary>Reset with a different seed gives a different RNG state.</summary>
    public const string ResetDifferentSeedChangesRng = "reset different seed changes rng";

    /// <summary>Step returns a finite reward.</summary>
    public const string StepRewardFinite = "step reward finite";

    /// <summary>Step returns an observation inside the observation space.</summary>
    public const string StepObservationInSpace = "step observation in space";

    /// <summary>Step returns a non-null info.</summary>
    public const string StepInfoNotNull = "step info not null";

    /// <summary>Reset(seed) followed by Step(a), done twice, gives identical observation, reward and flags.</summary>
    public const string StepDeterministic = "step deterministic";

    /// <summary>The first step after a reset is not truncated.</summary>
    public const string FirstStepNotTruncated = "first step not truncated";

    /// <summary>Ten random steps (resetting at episode ends) give no NaN or infinity in observations or rewards.</summary>
    public const string RandomStepsFinite = "random steps finite";

    /// <summary>Calling Close twice (and then Dispose) does not throw.</summary>
    public const string CloseIdempotent = "close idempotent";
}
