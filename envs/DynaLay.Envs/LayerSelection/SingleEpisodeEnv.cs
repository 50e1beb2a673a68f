using DynaLay.Envs.Gym;

namespace DynaLay.Envs.LayerSelection;

/// <summary>
/// The layer-selection environment seen one episode at a time (a batch of one), for the Gymnasium
/// single-env API, its wrappers and the environment checker. A seeded Reset picks the sample from the
/// seeded order, so the same seed gives the same episode.
/// </summary>
public sealed class SingleEpisodeEnv : EnvBase<float[], int>
{
    private readonly LayerSelectionEnv env;

    public SingleEpisodeEnv(LayerSelectionEnv env)
    {
        if (env.Options.BatchSize != 1) throw new ArgumentException("SingleEpisodeEnv needs a LayerSelectionEnv with BatchSize 1.");
        this.env = env;
    }

    public LayerSelectionEnv Inner => env;
    public override ISpace<float[]> ObservationSpace => env.SingleObservationSpace;
    public override ISpace<int> ActionSpace => env.SingleActionSpace;

    protected override (float[] Observation, Info Info) OnReset(IReadOnlyDictionary<string, object>? options)
    {
        var (obs, infos) = env.Reset(NpRandomSeed is int s && options?.ContainsKey("indices") != true ? NextSeed(s) : null, options);
        return (obs[0], infos[0]);
    }

    // Each seeded reset restarts the order from a seed drawn from the env's own RNG, so the checker's
    // "same seed, same episode" and "other seed, other state" both hold.
    private int NextSeed(int _) => NpRandom.Next();

    public override StepResult<float[]> Step(int action)
    {
        if (env.BatchCount == 0) throw new InvalidOperationException("Call Reset before Step.");
        if (env.Done(0))
            throw new InvalidOperationException($"The episode already {(env.Terminated[0] ? "terminated" : "was truncated")} at step {env.Steps[0]}; call Reset before Step.");
        var r = env.Step([action]);
        return new StepResult<float[]>(r.Observations[0], r.Rewards[0], r.Terminated[0], r.Truncated[0], r.Infos[0]);
    }

    protected override void OnClose() => env.Close();
}
