namespace DynaLay.Tests.Envs.Gym;

/// <summary>Defects <see cref="CorridorEnv"/> can be built with, to prove the checker notices them.</summary>
[Flags]
public enum CorridorFault
{
    None = 0,
    NanReward = 1,
    ObservationOutsideSpace = 2,
    InvalidSpace = 4,
    InfiniteObservation = 8,
}
