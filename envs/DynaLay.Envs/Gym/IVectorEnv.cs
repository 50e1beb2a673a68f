namespace DynaLay.Envs.Gym;

/// <summary>Many episodes stepped in one call.</summary>
public interface IVectorEnv<TObs, TAct> : IDisposable
{
    /// <summary>Number of sub-environments.</summary>
    int NumEnvs { get; }

    /// <summary>Observation space of one sub-environment.</summary>
    ISpace<TObs> SingleObservationSpace { get; }

    /// <summary>Action space of one sub-environment.</summary>
    ISpace<TAct> SingleActionSpace { get; }

    /// <summary>How sub-environments whose episode ended are reset.</summary>
    AutoresetMode AutoresetMode { get; }

    /// <summary>Resets every sub-environment; a seed is turned into distinct per-sub-env seeds.</summary>
    (TObs[] Observations, Info[] Infos) Reset(int? seed = null, IReadOnlyDictionary<string, object>? options = null);

    /// <summary>Steps every sub-environment with its action (<c>actions.Length == NumEnvs</c>).</summary>
    VectorStepResult<TObs> Step(TAct[] actions);

    /// <summary>Closes every sub-environment; calling it more than once is harmless.</summary>
    void Close();
}
