namespace DynaLay.Envs.Gym;

/// <summary>When a vector env resets a sub-environment whose episode ended (Gymnasium's three modes).</summary>
public enum AutoresetMode
{
    /// <summary>
    /// The step that ends an episode returns its final observation; the next <c>Step</c> call ignores that
    /// sub-env's action, resets it, and returns the reset observation with reward 0 and both flags false.
    /// </summary>
    NextStep,

    /// <summary>
    /// The step that ends an episode resets the sub-env at once and returns the reset observation,
    /// with the final observation and info moved into the info.
    /// </summary>
    SameStep,

    /// <summary>No automatic reset; the caller resets ended sub-envs explicitly.</summary>
    Disabled,
}
