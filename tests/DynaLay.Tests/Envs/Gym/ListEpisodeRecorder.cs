using DynaLay.Envs.Gym;

namespace DynaLay.Tests.Envs.Gym;

/// <summary>Records the recorder calls as readable strings.</summary>
public sealed class ListEpisodeRecorder : IEpisodeRecorder<float[], int>
{
    public List<string> Events { get; } = [];

    public void OnReset(float[] obs, Info info) => Events.Add($"reset {obs[0]}");

    public void OnStep(int action, StepResult<float[]> result) =>
        Events.Add($"step {action} -> {result.Observation[0]}{(result.Terminated ? " terminated" : string.Empty)}{(result.Truncated ? " truncated" : string.Empty)}");

    public void OnEpisodeEnd() => Events.Add("end");
}
